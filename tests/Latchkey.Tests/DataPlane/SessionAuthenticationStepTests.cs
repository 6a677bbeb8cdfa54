using Latchkey.DataPlane;
using Latchkey.Sessions;
using Latchkey.Stores.InMemory;
using Latchkey.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.DataPlane;

public sealed class SessionAuthenticationStepTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemorySessionStore _inner;
    private readonly CountingSessionStore _store;
    private readonly SessionService _sessions;

    public SessionAuthenticationStepTests()
    {
        _inner = new InMemorySessionStore(_time);
        _store = new CountingSessionStore(_inner);
        _sessions = new SessionService(_store, _time, new FixedOptionsMonitor<SessionOptions>(new SessionOptions()), NullLogger<SessionService>.Instance);
    }

    public void Dispose() => _inner.Dispose();

    [Fact]
    public async Task Request_without_a_session_is_refused_401_before_the_provider_is_revealed()
    {
        var context = new StepContext();
        context.AgentRequest.Provider = "nosuch";

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((401, "invalid_session"), (context.Status, context.ErrorCode));
        Assert.Contains("latchkey", context.Http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_session_goes_on_with_its_record_on_the_request_and_as_a_feature()
    {
        var issued = await IssueAsync();
        var context = Bound(issued.Token);

        await Step(context).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal(issued.Record.Id, context.AgentRequest.Session?.Id);
        Assert.Equal(issued.Record.Id, context.Http.Features.Get<AgentSessionFeature>()?.Session.Id);
    }

    [Fact]
    public async Task Valid_session_on_an_unknown_provider_gets_404_unknown_provider()
    {
        var issued = await IssueAsync();
        var context = new StepContext();
        context.AgentRequest.Provider = "nosuch";
        context.Http.Request.Headers.Authorization = "Bearer " + issued.Token;

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((404, "unknown_provider"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task Token_also_in_the_query_is_refused_as_misplaced()
    {
        var issued = await IssueAsync();
        var context = Bound(issued.Token, query: "?access_token=" + issued.Token);

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((400, "session_token_misplaced"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task Store_outage_answers_503_and_forwards_nothing()
    {
        var issued = await IssueAsync();
        _store.Unavailable = true;
        var context = Bound(issued.Token);

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((503, "store_unavailable"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task Revoked_session_is_refused_401()
    {
        var issued = await IssueAsync();
        await _inner.RevokeAsync(issued.Record.Tenant, issued.Record.Id, _time.GetUtcNow(), CancellationToken.None);
        var context = Bound(issued.Token);

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((401, "invalid_session"), (context.Status, context.ErrorCode));
    }

    private SessionAuthenticationStep Step(StepContext context) => new(
        context.Next,
        new AgentSessionResolver(_sessions, NullLogger<AgentSessionResolver>.Instance),
        new FixedOptionsMonitor<AgentSessionAuthenticationOptions>(new AgentSessionAuthenticationOptions()),
        NullLogger<SessionAuthenticationStep>.Instance);

    private static StepContext Bound(string token, string query = "")
    {
        var context = new StepContext(query: query);
        context.AgentRequest.ProviderDefinition = StepContext.MailProvider;
        context.Http.Request.Headers.Authorization = "Bearer " + token;
        return context;
    }

    private async Task<IssuedSession> IssueAsync()
    {
        var created = await _sessions.CreateAsync("t1", "alice", "bot", ["email.read"], null, CancellationToken.None);
        return created.Session!;
    }
}
