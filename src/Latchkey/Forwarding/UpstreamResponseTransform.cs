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

        // Runs on every response: no LINQ, and a list only in the rare case there is one to drop.
        List<string>? doomed = null;
        foreach (var header in headers)
        {
            if (header.Key.StartsWith("Latchkey-", StringComparison.OrdinalIgnoreCase))
            {
                (doomed ??= []).Add(header.Key);
            }
        }

        if (doomed is not null)
        {
            foreach (var name in doomed)
            {
                headers.Remove(name);
            }
        }

        return ValueTask.CompletedTask;
    }
}
