using Latchkey.Rules;

namespace Latchkey.Forwarding;

/// <summary>The answer for a first path segment that names no provider.</summary>
internal static class UnknownProviderEndpoint
{
    public static Task WriteAsync(HttpContext context) => VerdictResponse.WriteAsync(context, RequestVerdict.UnknownProvider);
}
