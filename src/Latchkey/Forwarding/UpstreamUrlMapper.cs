namespace Latchkey.Forwarding;

/// <summary>
/// Maps one URL from a provider's response onto Latchkey: an absolute URL on the provider's
/// upstream origin, inside the upstream's base path, becomes <c>{PublicUrl}/{provider}/...</c>
/// (query and fragment kept byte for byte); a root-relative one (<c>/repos/x</c>) gets the same
/// prefix without the origin. A URL on the upstream's origin but outside its base path cannot be
/// addressed through the provider and is dropped (null), so an SDK never carries the session
/// token there; every other URL is left as it is and never followed.
/// </summary>
internal static class UpstreamUrlMapper
{
    /// <param name="url">The URL as the upstream sent it.</param>
    /// <param name="upstreams">The origins (with base paths) the provider's requests go to.</param>
    /// <param name="providerPrefix">Where the provider lives on Latchkey, e.g. <c>https://latchkey.example/github</c>.</param>
    /// <param name="providerPath">The same without scheme and host, e.g. <c>/github</c>, for root-relative URLs.</param>
    /// <param name="allowRootRelative">Whether a root-relative value is a URL in this header (Location, Link) or just text.</param>
    public static string? Map(string url, ReadOnlySpan<Uri> upstreams, string providerPrefix, string providerPath, bool allowRootRelative)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            // Root-relative URLs resolve against whatever origin answered: only the first upstream's path applies.
            return allowRootRelative && upstreams.Length > 0 ? MapPath(url, upstreams[0], providerPath) : url;
        }

        var authorityStart = url.StartsWith("//", StringComparison.Ordinal) ? 2 : SchemeEnd(url);
        if (authorityStart < 0)
        {
            return url;
        }

        var authorityEnd = url.AsSpan(authorityStart).IndexOfAny('/', '?', '#');
        authorityEnd = authorityEnd < 0 ? url.Length : authorityStart + authorityEnd;
        foreach (var upstream in upstreams)
        {
            var origin = authorityStart == 2 ? upstream.Scheme + ":" + url[..authorityEnd] : url[..authorityEnd];
            if (Uri.TryCreate(origin, UriKind.Absolute, out var parsed)
                && string.Equals(parsed.Scheme, upstream.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(parsed.IdnHost, upstream.IdnHost, StringComparison.OrdinalIgnoreCase)
                && parsed.Port == upstream.Port)
            {
                var rest = url[authorityEnd..];
                return MapPath(rest.Length == 0 || rest[0] != '/' ? "/" + rest : rest, upstream, providerPrefix);
            }
        }

        return url;
    }

    /// <summary>The index after "http://" or "https://", or -1 when the URL has another (or no) scheme.</summary>
    private static int SchemeEnd(string url)
    {
        var end = url.IndexOf("://", StringComparison.Ordinal);
        return end > 0 && (url.AsSpan(0, end).Equals("https", StringComparison.OrdinalIgnoreCase)
            || url.AsSpan(0, end).Equals("http", StringComparison.OrdinalIgnoreCase))
            ? end + 3
            : -1;
    }

    private static string? MapPath(string pathAndRest, Uri upstream, string prefix)
    {
        var basePath = upstream.AbsolutePath.TrimEnd('/');
        var pathEnd = pathAndRest.AsSpan().IndexOfAny('?', '#');
        var path = pathEnd < 0 ? pathAndRest.AsSpan() : pathAndRest.AsSpan(0, pathEnd);
        if (basePath.Length > 0
            && !(path.StartsWith(basePath, StringComparison.Ordinal) && (path.Length == basePath.Length || path[basePath.Length] == '/')))
        {
            return null;
        }

        return string.Concat(prefix, pathAndRest.AsSpan(basePath.Length));
    }
}
