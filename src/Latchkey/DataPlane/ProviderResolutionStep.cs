using Latchkey.Config;
using Latchkey.Forwarding;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.DataPlane;

/// <summary>
/// Takes the policy snapshot for this request and binds the provider named by the canonical
/// path, with its upstream from that same snapshot: the rules that judge a request and the
/// address it goes to can never come from two versions of the config. Runs before the session
/// step, which needs the provider's <c>session_token_from</c>; a provider that is not configured
/// is refused there (404 <c>unknown_provider</c>), only after a session was found.
/// </summary>
internal sealed class ProviderResolutionStep
{
    private readonly RequestDelegate _next;
    private readonly IConfigSnapshotSource _config;
    private readonly UpstreamDirectory _upstreams;

    public ProviderResolutionStep(RequestDelegate next, IConfigSnapshotSource config, UpstreamDirectory upstreams)
    {
        _next = next;
        _config = config;
        _upstreams = upstreams;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        var config = _config.Current;
        agentRequest.Config = config;

        if (agentRequest.Provider is { } provider
            && config.Providers.TryGetValue(provider, out var definition))
        {
            agentRequest.ProviderDefinition = definition;
            agentRequest.Upstream = _upstreams.For(definition);
        }

        return _next(context);
    }
}
