namespace Latchkey.DataPlane;

/// <summary>
/// Host-based addressing (<c>Latchkey:ProviderHosts</c>): base domains under which
/// <c>{provider}.{base}</c> addresses a provider with the whole path as its provider path, for
/// SDKs that keep only the origin of their base URL. Empty (the default) turns it off.
/// </summary>
public sealed class ProviderHostOptions
{
    public const string SectionName = "Latchkey:ProviderHosts";

    /// <summary>Lower-cased base domains, e.g. <c>latchkey.internal</c>.</summary>
    public IReadOnlyList<string> BaseDomains { get; set; } = [];

    /// <summary>
    /// Reads one domain (<c>Latchkey:ProviderHosts=latchkey.internal</c>) or a list
    /// (<c>Latchkey:ProviderHosts:0</c>, <c>:1</c>, ...); an empty value means off.
    /// </summary>
    internal static IReadOnlyList<string> Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.Value is { } single)
        {
            return string.IsNullOrWhiteSpace(single) ? [] : [Normalize(single)];
        }

        return [.. section.GetChildren().Select(child => Normalize(child.Value ?? string.Empty))];
    }

    // Domain names compare case-insensitively (RFC 4343); the validator judges what is left.
    private static string Normalize(string value) => value.Trim().ToLowerInvariant();
}
