using Microsoft.Extensions.Options;

namespace Latchkey.DataPlane;

/// <summary>
/// Reads the provider a request's Host names under <c>Latchkey:ProviderHosts</c>. The name is
/// compared case-insensitively, without its port and without one trailing dot (the absolute form
/// of the same DNS name); any host that is not a name under a base keeps path addressing.
/// </summary>
internal sealed class ProviderHostMatcher
{
    private readonly string[] _bases;

    public ProviderHostMatcher(IOptions<ProviderHostOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bases = [.. options.Value.BaseDomains];
    }

    public bool IsEnabled => _bases.Length > 0;

    public ProviderHostMatch Match(HostString host)
    {
        if (_bases.Length == 0 || host.Value is not { Length: > 0 } value)
        {
            return ProviderHostMatch.None;
        }

        var name = NameOf(value);
        foreach (var baseDomain in _bases)
        {
            // "{label}.{base}": the character before the base must be a '.', so "evillatchkey.internal" is not one.
            if (name.Length > baseDomain.Length
                && name[^(baseDomain.Length + 1)] == '.'
                && name.EndsWith(baseDomain, StringComparison.OrdinalIgnoreCase))
            {
                var label = name[..^(baseDomain.Length + 1)];
                return new ProviderHostMatch(baseDomain, DnsLabel.IsValid(label) ? label.ToString().ToLowerInvariant() : null);
            }
        }

        return ProviderHostMatch.None;
    }

    /// <summary>The host name without port and one trailing dot; empty for an IP literal, which never matches.</summary>
    private static ReadOnlySpan<char> NameOf(string hostValue)
    {
        if (hostValue.StartsWith('['))
        {
            return [];
        }

        var name = hostValue.AsSpan();
        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            name = name[..colon];
        }

        return name.EndsWith('.') ? name[..^1] : name;
    }
}
