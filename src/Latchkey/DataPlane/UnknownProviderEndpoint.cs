using Latchkey.Hosting;
using Latchkey.Rules;

namespace Latchkey.DataPlane;

/// <summary>The answer for a first path segment, or a provider host, that names no provider.</summary>
internal static class UnknownProviderEndpoint
{
    public static Task WriteAsync(HttpContext context, AgentRequestFeature agentRequest)
    {
        ArgumentNullException.ThrowIfNull(agentRequest);
        var verdict = RequestVerdict.UnknownProvider;
        return agentRequest.ProviderHostBase is null
            ? VerdictResponse.WriteAsync(context, verdict)
            : ErrorResponseWriter.WriteAsync(context, verdict.Status, verdict.Code, "The host names no configured provider.");
    }
}
