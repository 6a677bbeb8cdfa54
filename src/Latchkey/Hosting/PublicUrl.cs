namespace Latchkey.Hosting;

/// <summary>
/// The externally visible base URL (<c>Latchkey:PublicUrl</c>, else the first of <c>Urls</c>).
/// Links handed to users are built from it, never from a request's Host header.
/// </summary>
public sealed class PublicUrl
{
    private const string DefaultUrl = "http://127.0.0.1:8080";

    public PublicUrl(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["Latchkey:PublicUrl"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DefaultUrl)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault() ?? DefaultUrl;
        }

        Value = configured.TrimEnd('/');
    }

    public string Value { get; }

    /// <summary>Where a user starts connecting a provider (the management API's connect call).</summary>
    public string ConnectUrlFor(string provider) => $"{Value}/v1/connections/{Uri.EscapeDataString(provider)}";

    /// <summary>The page where a browser sees whom it connects for and is bound to the flow (<c>authorize_url</c>).</summary>
    public string ConnectLinkFor(string link) => $"{Value}/oauth/connect/{Uri.EscapeDataString(link)}";

    /// <summary>True when links are served over https, so cookies set for them must be Secure.</summary>
    public bool IsHttps => Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The OAuth <c>redirect_uri</c>: always from configuration, never from a request's Host.</summary>
    public string CallbackUrl => $"{Value}/oauth/callback";
}
