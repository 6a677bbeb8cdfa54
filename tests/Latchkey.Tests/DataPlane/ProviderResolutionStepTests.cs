using Latchkey.DataPlane;
using Latchkey.Forwarding;
using Latchkey.Tests.Credentials;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Tests.DataPlane;

public sealed class ProviderResolutionStepTests : IDisposable
{
    private readonly StaticConfigSource _config = new(StepContext.MailProvider);
    private readonly UpstreamDirectory _upstreams = new(new ForwarderHttpClientFactory());

    public void Dispose() => _upstreams.Dispose();

    [Fact]
    public async Task Configured_provider_is_bound_with_its_upstream_from_the_same_snapshot()
    {
        var context = new StepContext();

        await new ProviderResolutionStep(context.Next, _config, _upstreams).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Same(_config.Current, context.AgentRequest.Config);
        Assert.Same(StepContext.MailProvider, context.AgentRequest.ProviderDefinition);
        Assert.Equal("https://gmail.example.test", context.AgentRequest.Upstream?.DestinationPrefix);
    }

    [Fact]
    public async Task Unknown_provider_is_left_unbound_for_the_session_step_to_refuse()
    {
        var context = new StepContext();
        context.AgentRequest.Provider = "nosuch";

        await new ProviderResolutionStep(context.Next, _config, _upstreams).InvokeAsync(context.Http);

        // 404 only after a session was found, so provider names cannot be probed anonymously.
        Assert.True(context.NextRan);
        Assert.NotNull(context.AgentRequest.Config);
        Assert.Null(context.AgentRequest.ProviderDefinition);
        Assert.Null(context.AgentRequest.Upstream);
        Assert.Null(context.ErrorCode);
    }

    [Fact]
    public async Task Every_request_of_one_snapshot_gets_the_same_compiled_policy()
    {
        var first = new StepContext();
        var second = new StepContext();

        await new ProviderResolutionStep(first.Next, _config, _upstreams).InvokeAsync(first.Http);
        await new ProviderResolutionStep(second.Next, _config, _upstreams).InvokeAsync(second.Http);

        Assert.Same(first.AgentRequest.Config, second.AgentRequest.Config);
        Assert.Same(first.AgentRequest.Config!.RuleSet, second.AgentRequest.Config!.RuleSet);
        Assert.Equal(first.AgentRequest.Upstream, second.AgentRequest.Upstream);
    }
}
