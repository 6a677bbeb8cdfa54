using Latchkey.DataPlane;
using Latchkey.Hosting.Errors;
using Latchkey.Providers;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.DataPlane;

/// <summary>Which envelope a request's errors are written in: the resolved provider's once a session is resolved, else Latchkey's.</summary>
public sealed class ProviderErrorEnvelopeSourceTests
{
    private static readonly ProviderDefinition Slack = new()
    {
        Name = "chat",
        Upstream = new Uri("https://slack.com/api"),
        Errors = ErrorEnvelope.Slack,
    };

    [Fact]
    public void A_data_plane_request_whose_provider_and_session_are_resolved_uses_its_envelope()
    {
        var context = Context(new AgentRequestFeature { Provider = "chat", ProviderDefinition = Slack });
        context.Features.Set(new AgentSessionFeature(Session()));

        Assert.Same(ErrorEnvelope.Slack, new ProviderErrorEnvelopeSource().EnvelopeFor(context));
    }

    [Fact]
    public void Without_a_session_a_known_provider_gets_the_latchkey_envelope_so_names_cannot_be_probed()
    {
        var context = Context(new AgentRequestFeature { Provider = "chat", ProviderDefinition = Slack });

        Assert.Same(ErrorEnvelope.Latchkey, new ProviderErrorEnvelopeSource().EnvelopeFor(context));
    }

    [Fact]
    public void Before_resolution_or_for_an_unknown_provider_the_latchkey_envelope_is_used()
    {
        var context = Context(new AgentRequestFeature { Provider = "nosuch" });

        Assert.Same(ErrorEnvelope.Latchkey, new ProviderErrorEnvelopeSource().EnvelopeFor(context));
    }

    [Fact]
    public void A_request_that_is_not_the_data_plane_uses_the_latchkey_envelope()
    {
        var context = Context(new AgentRequestFeature { IsDataPlane = false, ProviderDefinition = Slack });

        Assert.Same(ErrorEnvelope.Latchkey, new ProviderErrorEnvelopeSource().EnvelopeFor(context));
        Assert.Same(ErrorEnvelope.Latchkey, new ProviderErrorEnvelopeSource().EnvelopeFor(new DefaultHttpContext()));
    }

    private static SessionRecord Session() => new()
    {
        Id = "ses_1",
        TokenHash = "hash",
        Tenant = "acme",
        UserId = "alice",
        AgentId = "bot",
        Scopes = new HashSet<string>(StringComparer.Ordinal),
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(1),
    };

    private static DefaultHttpContext Context(AgentRequestFeature feature)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(feature);
        return context;
    }
}
