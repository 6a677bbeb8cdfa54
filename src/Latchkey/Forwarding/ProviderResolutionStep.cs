using Latchkey.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Latchkey.Forwarding;

/// <summary>
/// Takes the policy snapshot for this request and binds the provider named by the canonical
/// path, checking that YARP routed to that same provider's route (defence in depth: routing and
/// rules must never disagree about where a request goes).
/// </summary>
internal sealed class ProviderResolutionStep
{
    private readonly RequestDelegate _next;
    private readonly PolicySnapshotProvider _policy;

    public ProviderResolutionStep(RequestDelegate next, PolicySnapshotProvider policy)
    {
        _next = next;
        _policy = policy;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        var policy = _policy.Current;
        agentRequest.Policy = policy;

        var routedProvider = ProviderRoutes.ProviderOf(context.GetReverseProxyFeature().Route.Config);
        if (agentRequest.Provider is not { } provider
            || !string.Equals(provider, routedProvider, StringComparison.Ordinal)
            || !policy.Config.Providers.TryGetValue(provider, out var definition))
        {
            return UnknownProviderEndpoint.WriteAsync(context);
        }

        agentRequest.ProviderDefinition = definition;
        return _next(context);
    }
}
