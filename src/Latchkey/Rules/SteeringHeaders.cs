using System.Collections.Frozen;
using Latchkey.Forwarding;

namespace Latchkey.Rules;

/// <summary>
/// Headers some upstreams act on instead of the request line: IIS- and Symfony-style servers route
/// on the URL-rewriting ones, frameworks switch method on the override ones. Either would make the
/// upstream see another path or method than the rules judged, so a request carrying one, in any
/// spelling a lenient server reads alike ('_' for '-'), is refused rather than stripped. One list,
/// asked for a request sent alone (the data plane's first gate) and for each batch sub-request.
/// </summary>
internal static class SteeringHeaders
{
    public const string RewriteMessage =
        "URL-rewriting headers (X-Original-URL, X-Rewrite-URL) are not accepted on provider routes.";

    public const string MethodOverrideMessage =
        "Method override headers (X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override) are not accepted: send the real method.";

    private static readonly FrozenDictionary<string, string> Messages = new Dictionary<string, string>
    {
        ["X-Original-URL"] = RewriteMessage,
        ["X-Rewrite-URL"] = RewriteMessage,
        ["X-Original-URI"] = RewriteMessage,
        ["X-Override-URL"] = RewriteMessage,
        ["X-HTTP-Method-Override"] = MethodOverrideMessage,
        ["X-HTTP-Method"] = MethodOverrideMessage,
        ["X-Method-Override"] = MethodOverrideMessage,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of the first steering header in <paramref name="headers"/> and the refusal's message; null when there is none.</summary>
    public static string? Find(IHeaderDictionary headers, out string? message)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var header in headers)
        {
            if (Messages.TryGetValue(HeaderNameSpelling.Normalize(header.Key), out message))
            {
                return header.Key;
            }
        }

        message = null;
        return null;
    }
}
