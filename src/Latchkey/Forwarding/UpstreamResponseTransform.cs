using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.Forwarding;

/// <summary>
/// Cleans the upstream response before it reaches the agent: provider cookies would give the
/// agent a session of its own at the provider, and <c>Latchkey-*</c> headers are ours alone.
/// </summary>
internal sealed class UpstreamResponseTransform : ResponseTransform
{
    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var agentRequest = context.HttpContext.Features.Get<AgentRequestFeature>();
        if (agentRequest is not null && context.ProxyResponse is not null)
        {
            agentRequest.UpstreamStatus = (int)context.ProxyResponse.StatusCode;
        }

        var headers = context.HttpContext.Response.Headers;
        headers.Remove(HeaderNames.SetCookie);
        foreach (var name in headers.Keys.Where(n => n.StartsWith("Latchkey-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        return ValueTask.CompletedTask;
    }
}
