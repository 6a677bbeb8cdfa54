using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// One Latchkey (on a port fixed before start, so <c>Latchkey:PublicUrl</c> is its real address and
/// rewritten pagination links lead back to it) in front of <see cref="FakeProviders"/>, with user
/// tokens for alice and the agent keys set. Shared by a test class; each test takes a fresh
/// session, so its audit events are its own, and the fake's record is cleared.
/// </summary>
public class SdkRig : IAsyncLifetime
{
    private readonly string _rules;
    private readonly string? _tools;
    private readonly string[] _scopes;

    public SdkRig()
        : this(SdkConfigs.Rules, null, SdkConfigs.Scopes)
    {
    }

    /// <summary>The same rig with other rules, a tools.yaml, and the scopes each test's session gets.</summary>
    protected SdkRig(string rules, string? tools, string[] scopes)
    {
        _rules = rules;
        _tools = tools;
        _scopes = scopes;
    }

    /// <summary>The base domain for host-based addressing (<c>mail.latchkey.test</c>); resolved by the clients, never by DNS.</summary>
    public const string ProviderHosts = "latchkey.test";

    public FakeProviders Fake { get; private set; } = null!;

    public LatchkeyTestHost Host { get; private set; } = null!;

    public string LatchkeyUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(SdkConfigs.OpenAiKeyVariable, FakeProviders.OpenAiKey);
        Environment.SetEnvironmentVariable(SdkConfigs.AnthropicKeyVariable, FakeProviders.AnthropicKey);
        Environment.SetEnvironmentVariable(SdkConfigs.UnsetKeyVariable, null);
        Fake = await FakeProviders.StartAsync();
        Host = StartLatchkey();
        await Host.SeedUserTokenAsync("acme", "alice", "github", FakeProviders.GithubToken);
        await Host.SeedUserTokenAsync("acme", "alice", "slack", FakeProviders.SlackToken);
        await Host.SeedUserTokenAsync("acme", "alice", "mail", FakeProviders.GoogleToken);
    }

    /// <summary>A new session for one test, with the fake's record cleared.</summary>
    public async Task<CreatedSession> NewSessionAsync()
    {
        Fake.Reset();
        return await Host.CreateSessionAsync("acme", "alice", "sdk-agent", _scopes);
    }

    /// <summary>
    /// Every <c>latchkey.request</c> event of the session's requests so far. A refused barrier
    /// request is sent last and awaited: the buffer ships in order, so once its event is in, every
    /// refusal and every forwarded request's write-ahead record before it is too. A completion is
    /// written after its response, so it may trail the barrier: those are awaited one by one.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> AuditEventsAsync(CreatedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var barrier = await Host.SendAsync(HttpMethod.Get, "/github/audit-barrier", session.Token);
        Assert.Equal(HttpStatusCode.Forbidden, barrier.StatusCode);
        var barrierId = barrier.Headers.GetValues("Latchkey-Request-Id").Single();
        await Host.WaitForAuditEventAsync(barrierId);
        var forwarded = EventsOf(session, "latchkey.forward").Select(e => Property(e, "RequestId")!).ToList();
        foreach (var requestId in forwarded)
        {
            await Host.WaitForAuditEventAsync(requestId);
        }

        return [.. EventsOf(session, "latchkey.request").Where(e => Property(e, "RequestId") != barrierId)];
    }

    /// <summary>
    /// Every audit event of the session is an allowed request under the expected rule, in order,
    /// one per request the fake provider (<paramref name="fakeProvider"/>) received, each with the
    /// injected credential and no session token.
    /// </summary>
    public async Task AssertForwardedAsync(CreatedSession session, string fakeProvider, string[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var audit = await AuditEventsAsync(session);
        Assert.Equal(rules, audit.Select(e => e.GetProperty("RuleId").GetString()));
        Assert.All(audit, e => Assert.Equal("allowed", e.GetProperty("Decision").GetString()));
        Assert.Equal(rules.Length, Fake.For(fakeProvider).Count);
        Assert.Equal(rules.Length, Fake.Received.Count);
        AssertProviderSawOnlyRealCredentials();
    }

    /// <summary>Latchkey audited exactly one request of the session, refused with <paramref name="code"/>, and nothing reached a provider.</summary>
    public async Task<JsonElement> AssertRefusedOnceAsync(CreatedSession session, string code)
    {
        var refusal = Assert.Single(await AuditEventsAsync(session));
        Assert.Equal(code, refusal.GetProperty("Reason").GetString());
        Assert.Empty(Fake.Received);
        return refusal;
    }

    /// <summary>The fake provider never saw a session token and always saw the injected credential.</summary>
    private void AssertProviderSawOnlyRealCredentials()
    {
        foreach (var request in Fake.Received)
        {
            Assert.True(request.SessionTokenSightings.Count == 0,
                $"{request.Method} {request.PathAndQuery} reached {request.Provider} with a session token in: {string.Join(", ", request.SessionTokenSightings)}");
            Assert.True(request.CredentialValid, $"{request.Method} {request.PathAndQuery} reached {request.Provider} without the injected credential");
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private IEnumerable<JsonElement> EventsOf(CreatedSession session, string eventType) =>
        Host.Seq!.Events.Where(e => Property(e, "SessionId") == session.Id && Property(e, "EventType") == eventType);

    private static string? Property(JsonElement audit, string name) =>
        audit.TryGetProperty(name, out var value) ? value.ToString() : null;

    private LatchkeyTestHost StartLatchkey()
    {
        var host = FixedPortLatchkey.Start(
            SdkConfigs.Providers.Replace("{fake}", Fake.Url, StringComparison.Ordinal), _rules, ProviderHosts, out var url, _tools);
        LatchkeyUrl = url;
        return host;
    }
}
