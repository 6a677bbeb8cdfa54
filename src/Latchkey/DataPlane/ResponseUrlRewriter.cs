using Latchkey.Forwarding;
using Latchkey.Hosting;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Latchkey.DataPlane;

/// <summary>
/// Points response header URLs that address the provider's upstream back at Latchkey
/// (<see cref="UpstreamUrlMapper"/>): every target of <c>Link</c> (RFC 8288), <c>Location</c>,
/// <c>Content-Location</c>, and any other header whose whole value is an absolute URL. An SDK
/// following a pagination link or a redirect then comes back through Latchkey, where the
/// request is judged and audited, instead of sending its session token to the provider. A
/// request addressed by provider host gets URLs on that host (<c>{scheme}://{provider}.{base}[:port]/...</c>,
/// scheme and port from <c>Latchkey:PublicUrl</c>, never from the request), so an SDK that keeps
/// only the origin of its base URL keeps working; one addressed by path gets <c>{PublicUrl}/{provider}/...</c>.
/// </summary>
internal sealed class ResponseUrlRewriter
{
    private readonly string _publicUrl;
    private readonly string _publicPath;
    private readonly string _hostScheme;
    private readonly string _hostPort;

    public ResponseUrlRewriter(PublicUrl publicUrl)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        _publicUrl = publicUrl.Value;
        var parsed = Uri.TryCreate(publicUrl.Value, UriKind.Absolute, out var uri) ? uri : null;
        _publicPath = parsed?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        _hostScheme = (parsed?.Scheme ?? Uri.UriSchemeHttps) + "://";
        _hostPort = parsed is { IsDefaultPort: false } ? ":" + parsed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
    }

    /// <summary>True when a header value may hold a URL worth looking at: the only test on the hot path.</summary>
    public static bool MayHoldUrl(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is not null
                && (value.Contains("://", StringComparison.Ordinal) || value.Contains("</", StringComparison.Ordinal) || value.AsSpan().TrimStart().StartsWith('/')))
            {
                return true;
            }
        }

        return false;
    }

    public void Rewrite(IHeaderDictionary headers, List<string> names, AgentRequestFeature agentRequest)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(agentRequest);
        if (agentRequest.Provider is not { } provider || agentRequest.ProviderDefinition is not { } definition)
        {
            return;
        }

        Uri[] upstreams = agentRequest.UpstreamOverride is { } instance ? [instance, definition.Upstream] : [definition.Upstream];
        var target = agentRequest.ProviderHostBase is { } hostBase
            ? new Target(upstreams, string.Concat(_hostScheme, provider, ".", hostBase, _hostPort), string.Empty)
            : new Target(upstreams, _publicUrl + "/" + provider, _publicPath + "/" + provider);
        foreach (var name in names)
        {
            var values = headers[name];
            var isLink = string.Equals(name, HeaderNames.Link, StringComparison.OrdinalIgnoreCase);
            var allowRootRelative = isLink
                || string.Equals(name, HeaderNames.Location, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, HeaderNames.ContentLocation, StringComparison.OrdinalIgnoreCase);
            var kept = new List<string>(values.Count);
            var changed = false;
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                var rewritten = isLink ? RewriteLink(value, target) : RewriteWhole(value, target, singleUrl: allowRootRelative);
                changed |= !ReferenceEquals(rewritten, value);
                if (rewritten is not null)
                {
                    kept.Add(rewritten);
                }
            }

            if (!changed)
            {
                continue;
            }

            if (kept.Count == 0)
            {
                headers.Remove(name);
            }
            else
            {
                headers[name] = new StringValues([.. kept]);
            }
        }
    }

    /// <param name="singleUrl">
    /// <c>Location</c> and <c>Content-Location</c>: the value is one URL, which may hold commas
    /// (<c>?labels=a,b</c>) and may be root-relative. Any other header is looked at only when its
    /// whole value is one absolute URL, so a list is left alone.
    /// </param>
    private static string? RewriteWhole(string value, Target target, bool singleUrl)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.AsSpan().ContainsAny(' ', '\t') || (!singleUrl && trimmed.Contains(',', StringComparison.Ordinal)))
        {
            return value;
        }

        var mapped = target.Map(trimmed, singleUrl);
        return ReferenceEquals(mapped, trimmed) ? value : mapped;
    }

    /// <summary>
    /// Rewrites each link-value's target; a link-value whose target cannot be addressed is removed.
    /// Link-values are split at commas outside &lt;...&gt; and quoted strings.
    /// </summary>
    private static string? RewriteLink(string value, Target target)
    {
        var linkValues = new List<string>();
        var changed = false;
        var start = 0;
        var inTarget = false;
        var inQuotes = false;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ',';
            if (inQuotes)
            {
                inQuotes = c != '"' || value[i - 1] == '\\';
                continue;
            }

            if (c == '<' || c == '>')
            {
                inTarget = c == '<';
            }
            else if (c == '"' && !inTarget)
            {
                inQuotes = true;
            }
            else if (c == ',' && (!inTarget || i == value.Length))
            {
                var linkValue = value[start..Math.Min(i, value.Length)];
                var rewritten = RewriteLinkValue(linkValue, target);
                changed |= !ReferenceEquals(rewritten, linkValue);
                if (rewritten is not null && rewritten.Trim().Length > 0)
                {
                    linkValues.Add(rewritten.Trim());
                }

                start = i + 1;
            }
        }

        // An unterminated quoted string hides where the last link-value ends: its target can be
        // neither rewritten nor judged, so the whole header goes (the agent pages no further).
        if (inQuotes)
        {
            return null;
        }

        return !changed ? value : linkValues.Count == 0 ? null : string.Join(", ", linkValues);
    }

    private static string? RewriteLinkValue(string linkValue, Target target)
    {
        var open = linkValue.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : linkValue.IndexOf('>', open + 1);
        if (close < 0)
        {
            return linkValue;
        }

        var url = linkValue[(open + 1)..close].Trim();
        var mapped = target.Map(url, allowRootRelative: true);
        if (ReferenceEquals(mapped, url))
        {
            return linkValue;
        }

        return mapped is null ? null : string.Concat(linkValue.AsSpan(0, open + 1), mapped, linkValue.AsSpan(close));
    }

    private sealed record Target(Uri[] Upstreams, string ProviderPrefix, string ProviderPath)
    {
        public string? Map(string url, bool allowRootRelative) =>
            UpstreamUrlMapper.Map(url, Upstreams, ProviderPrefix, ProviderPath, allowRootRelative);
    }
}
