using System.Net;
using Latchkey.Hosting;
using Microsoft.Extensions.Options;

namespace Latchkey.DataPlane;

/// <summary>
/// Accepts only bare DNS names as provider host base domains: no scheme, port, path, wildcard or
/// IP literal, no empty or malformed label, none nested in another, and none that would swallow
/// <c>Latchkey:PublicUrl</c>, where connect links and the management API must stay reachable.
/// </summary>
internal sealed class ProviderHostOptionsValidator : IValidateOptions<ProviderHostOptions>
{
    // RFC 1035: 253 characters for a name; leave room for at least a one-character provider label.
    private const int MaxBaseLength = 253 - 2;

    private readonly PublicUrl _publicUrl;

    public ProviderHostOptionsValidator(PublicUrl publicUrl) => _publicUrl = publicUrl;

    public ValidateOptionsResult Validate(string? name, ProviderHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var valid = new List<string>();
        foreach (var baseDomain in options.BaseDomains)
        {
            if (Problem(baseDomain) is { } problem)
            {
                failures.Add($"{ProviderHostOptions.SectionName}: '{baseDomain}' {problem}");
            }
            else
            {
                valid.Add(baseDomain);
            }
        }

        foreach (var outer in valid)
        {
            foreach (var inner in valid)
            {
                if (!ReferenceEquals(outer, inner) && (inner == outer || inner.EndsWith("." + outer, StringComparison.Ordinal)))
                {
                    failures.Add($"{ProviderHostOptions.SectionName}: '{inner}' is also a name under '{outer}': list each base domain once and none inside another.");
                }
            }
        }

        if (Uri.TryCreate(_publicUrl.Value, UriKind.Absolute, out var publicUrl)
            && valid.FirstOrDefault(b => publicUrl.IdnHost.EndsWith("." + b, StringComparison.OrdinalIgnoreCase)) is { } swallowing)
        {
            failures.Add($"{ProviderHostOptions.SectionName}: Latchkey:PublicUrl's host '{publicUrl.IdnHost}' is a provider host under '{swallowing}', "
                + "where every path is a provider's: connect links and the management API would be unreachable. Serve PublicUrl on the base domain or another host.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Problem(string baseDomain)
    {
        if (baseDomain.Length == 0)
        {
            return "is empty: name a base domain such as latchkey.internal, or leave the setting out.";
        }

        if (baseDomain.Contains("://", StringComparison.Ordinal))
        {
            return "has a scheme: give the bare base domain (latchkey.internal); links use Latchkey:PublicUrl's scheme and port.";
        }

        if (baseDomain.Contains('*', StringComparison.Ordinal))
        {
            return "is a wildcard: give the base domain itself (latchkey.internal, not *.latchkey.internal).";
        }

        if (baseDomain.AsSpan().ContainsAny('/', '?', '#'))
        {
            return "has a path: give the bare base domain; on a provider host the whole path is the provider's.";
        }

        if (baseDomain.Contains(':', StringComparison.Ordinal) || baseDomain.StartsWith('['))
        {
            return "has a port or is an IPv6 address: give the bare base domain; links use Latchkey:PublicUrl's port.";
        }

        var labels = baseDomain.Split('.');
        if (labels.Any(label => label.Length == 0))
        {
            return "has an empty label (a leading, trailing or doubled '.').";
        }

        if (IPAddress.TryParse(baseDomain, out _) || labels[^1].All(char.IsAsciiDigit))
        {
            return "is an IP address: provider hosts need a DNS name with a wildcard record (docs/operations.md).";
        }

        if (baseDomain.Length > MaxBaseLength || !labels.All(DnsLabel.IsValid))
        {
            return "is not a DNS name: labels are 1-63 characters of a-z, 0-9 and '-', not starting or ending with '-', 251 characters in all.";
        }

        return null;
    }
}
