using Latchkey.Hosting;

namespace Latchkey.Forwarding;

/// <summary>The answer for a first path segment, or a provider host, that names no provider.</summary>
internal static class UnknownProviderEndpoint
{
    public static Task WriteAsync(HttpContext context, AgentRequestFeature agentRequest)
    {
        ArgumentNullException.ThrowIfNull(agentRequest);
        return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.UnknownProvider,
            agentRequest.ProviderHostBase is null
                ? "The first path segment names no configured provider."
                : "The host names no configured provider.");
    }
}
