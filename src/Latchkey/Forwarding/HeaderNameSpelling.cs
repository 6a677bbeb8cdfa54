namespace Latchkey.Forwarding;

/// <summary>
/// Reads a header name the way lenient servers do: Kestrel accepts '_' in names and nginx
/// (<c>underscores_in_headers</c>), CGI-style frameworks and others map it to '-', so
/// <c>X_Original_URL</c> must be judged as <c>X-Original-URL</c>.
/// </summary>
internal static class HeaderNameSpelling
{
    /// <summary>The name with every '_' read as '-'; the same string (no allocation) when it has none.</summary>
    public static string Normalize(string name) =>
        name.Contains('_', StringComparison.Ordinal) ? name.Replace('_', '-') : name;
}
