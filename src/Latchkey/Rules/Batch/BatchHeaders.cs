namespace Latchkey.Rules.Batch;

/// <summary>
/// The checks on a sub-request's headers every format shares: token names given once, values
/// without control characters, no Host (the batch goes to one upstream) and no Content-Encoding
/// (a compressed sub-request body cannot be judged).
/// </summary>
internal static class BatchHeaders
{
    /// <summary>Adds the header, or says why the batch is refused.</summary>
    public static string? Add(IHeaderDictionary headers, string name, string value)
    {
        if (name.Length is 0 or > 256 || !name.All(IsTokenChar))
        {
            return "a sub-request header name is not an HTTP token";
        }

        if (value.Any(c => char.IsControl(c) && c != '\t'))
        {
            return "a sub-request header value holds a control character";
        }

        if (headers.ContainsKey(name))
        {
            return "a sub-request gives a header twice";
        }

        if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
        {
            return "a sub-request names a Host";
        }

        if (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase) && !value.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return "a sub-request body with a Content-Encoding cannot be inspected";
        }

        headers[name] = value;
        return null;
    }

    // RFC 9110 §5.6.2 tchar.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
