namespace Latchkey.Rules.Batch;

/// <summary>
/// A sub-request's url before canonicalisation: only a path (and query) on the batch's own
/// upstream. Absolute or scheme-relative urls, fragments, backslashes, whitespace and control
/// characters are refused here; what is left goes through <see cref="RequestTargetCanonicalizer"/>.
/// </summary>
internal static class BatchTarget
{
    /// <summary>Null when <paramref name="url"/> may be canonicalised; else why the batch is refused.</summary>
    public static string? Problem(string url)
    {
        if (url.Length > BatchLimits.MaxTargetLength)
        {
            return $"a sub-request url is longer than {BatchLimits.MaxTargetLength} characters";
        }

        foreach (var c in url)
        {
            if (c <= ' ' || c == '\u007f' || c == '#' || c == '\\' || c > '\u007e')
            {
                return "a sub-request url holds a character a request target cannot carry";
            }
        }

        return url.StartsWith("//", StringComparison.Ordinal) || url.Contains("://", StringComparison.Ordinal)
            ? "a sub-request url must be a path on the batch's own upstream, not an absolute url"
            : null;
    }
}
