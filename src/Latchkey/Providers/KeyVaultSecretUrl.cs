namespace Latchkey.Providers;

/// <summary>Parses <c>https://&lt;vault&gt;.vault.azure.net/secrets/&lt;name&gt;[/&lt;version&gt;]</c> (and sovereign clouds).</summary>
public static class KeyVaultSecretUrl
{
    private static readonly string[] VaultHostSuffixes =
    [
        ".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net", ".vault.microsoftazure.de",
    ];

    public static bool TryParse(string url, out Uri? vault, out string? name)
    {
        vault = null;
        name = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || !VaultHostSuffixes.Any(suffix => uri.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || segments[0] != "secrets" || segments.Any(s => s.Length == 0))
        {
            return false;
        }

        vault = new Uri($"https://{uri.Host}/");
        name = segments[1];
        return true;
    }
}
