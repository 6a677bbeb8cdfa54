using Latchkey.Hosting;
using Latchkey.Rules;

namespace Latchkey.DataPlane;

/// <summary>
/// Writes a refusing <see cref="RequestVerdict"/> as the contract's error: its status, code and
/// message, the deciding rule (and the missing scopes) where the rules decided, and the
/// <c>Allow</c> header on a 405. The data plane's only translation of a verdict to the wire.
/// </summary>
internal static class VerdictResponse
{
    public static Task WriteAsync(HttpContext context, in RequestVerdict verdict) => WriteAsync(context, verdict, verdict.Message);

    /// <summary>As above with the message given: a batch's names the sub-request that decided.</summary>
    public static Task WriteAsync(HttpContext context, in RequestVerdict verdict, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var extra = verdict.Kind switch
        {
            VerdictKind.InsufficientScope => new Dictionary<string, object?> { ["required"] = verdict.RequiredScopes, ["rule"] = verdict.RuleId },
            VerdictKind.Denied or VerdictKind.NoMatchingRule or VerdictKind.UnreadableContent => new Dictionary<string, object?> { ["rule"] = verdict.RuleId },
            _ => null,
        };
        if (verdict.Kind == VerdictKind.MethodNotAllowed)
        {
            context.Response.Headers.Allow = string.Join(", ", RuleMethods.All);
        }

        return ErrorResponseWriter.WriteAsync(context, verdict.Status, verdict.Code, message, extra);
    }
}
