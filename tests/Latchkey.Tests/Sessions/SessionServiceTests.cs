using Latchkey.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Sessions;

public sealed class SessionServiceTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ServiceProvider _services;
    private readonly SessionService _sessions;

    public SessionServiceTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Latchkey:Sessions:MaxTtl"] = "02:00:00",
            ["Latchkey:Sessions:DefaultTtl"] = "00:30:00",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddLatchkeySessions(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _sessions = _services.GetRequiredService<SessionService>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Created_session_resolves_from_its_token()
    {
        var issued = await CreateAsync(scopes: ["email.send", "email.send", "email.read"]);

        var resolved = await _sessions.ResolveAsync(issued.Token, CancellationToken.None);

        Assert.NotNull(resolved);
        Assert.Equal(issued.Record.Id, resolved.Id);
        Assert.Equal("t1", resolved.Tenant);
        Assert.Equal("alice", resolved.UserId);
        Assert.Equal("support-bot", resolved.AgentId);
        Assert.Equal(["email.read", "email.send"], resolved.Scopes.Order(StringComparer.Ordinal));
        Assert.Equal(SessionTokens.Hash(issued.Token), resolved.TokenHash);
        Assert.DoesNotContain(issued.Token, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_ttl_applies_when_none_is_given()
    {
        var issued = await CreateAsync();

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(30), issued.Record.ExpiresAt);
    }

    [Fact]
    public async Task Expired_session_is_refused()
    {
        var issued = await CreateAsync(ttlSeconds: 60);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(await _sessions.ResolveAsync(issued.Token, CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await _sessions.ResolveAsync(issued.Token, CancellationToken.None));
        Assert.Empty(await _sessions.ListActiveAsync("t1", null, CancellationToken.None));
    }

    [Fact]
    public async Task Revocation_is_immediate()
    {
        var issued = await CreateAsync();

        Assert.True(await _sessions.RevokeAsync("t1", issued.Record.Id, CancellationToken.None));

        Assert.Null(await _sessions.ResolveAsync(issued.Token, CancellationToken.None));
        Assert.NotNull((await _sessions.GetUnexpiredAsync("t1", issued.Record.Id, CancellationToken.None))!.RevokedAt);
        Assert.False(await _sessions.RevokeAsync("t1", issued.Record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Revocation_in_another_tenant_does_nothing()
    {
        var issued = await CreateAsync();

        Assert.False(await _sessions.RevokeAsync("t2", issued.Record.Id, CancellationToken.None));

        Assert.NotNull(await _sessions.ResolveAsync(issued.Token, CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_or_malformed_token_resolves_to_nothing()
    {
        await CreateAsync();

        Assert.Null(await _sessions.ResolveAsync(SessionTokens.Generate(), CancellationToken.None));
        Assert.Null(await _sessions.ResolveAsync("lk_short", CancellationToken.None));
    }

    [Theory]
    [InlineData("", "user_id")]
    [InlineData("a\nb", "user_id")]
    [InlineData(null, "agent_id")]
    [InlineData("bad agent", "agent_id")]
    [InlineData("x/y", "agent_id")]
    [InlineData("agent_id_65", "agent_id")]
    [InlineData("bad scope", "scopes")]
    [InlineData("scope_129", "scopes")]
    [InlineData("too_many_scopes", "scopes")]
    [InlineData("ttl_0", "ttl_seconds")]
    [InlineData("ttl_over_max", "ttl_seconds")]
    public async Task Invalid_input_names_the_field(string? input, string field)
    {
        var userId = "alice";
        var agentId = "support-bot";
        IReadOnlyCollection<string> scopes = ["email.send"];
        long? ttl = null;
        switch (input)
        {
            case "" or "a\nb":
                userId = input;
                break;
            case "agent_id_65":
                agentId = new string('a', 65);
                break;
            case "bad scope":
                scopes = ["ok", "bad scope"];
                break;
            case "scope_129":
                scopes = [new string('s', 129)];
                break;
            case "too_many_scopes":
                scopes = [.. Enumerable.Range(0, 65).Select(i => $"s{i}")];
                break;
            case "ttl_0":
                ttl = 0;
                break;
            case "ttl_over_max":
                ttl = 7201;
                break;
            default:
                agentId = input!;
                break;
        }

        var result = await _sessions.CreateAsync("t1", userId, agentId, scopes, ttl, CancellationToken.None);

        Assert.Null(result.Session);
        Assert.Equal(field, result.InvalidField);
        Assert.Empty(await _sessions.ListActiveAsync("t1", null, CancellationToken.None));
    }

    [Theory]
    [InlineData("support-bot", "email.send")]
    [InlineData("A.b_c-9", "https://www.googleapis.com/auth/gmail.send")]
    [InlineData("a", "repo:read")]
    public async Task Valid_agent_ids_and_scopes_are_accepted(string agentId, string scope)
    {
        var result = await _sessions.CreateAsync("t1", "alice", agentId, [scope], 7200, CancellationToken.None);

        Assert.NotNull(result.Session);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(2), result.Session.Record.ExpiresAt);
    }

    [Fact]
    public async Task Listing_is_per_tenant_and_optionally_per_user()
    {
        await CreateAsync();
        await _sessions.CreateAsync("t1", "bob", "bot", [], null, CancellationToken.None);
        await _sessions.CreateAsync("t2", "alice", "bot", [], null, CancellationToken.None);

        Assert.Equal(2, (await _sessions.ListActiveAsync("t1", null, CancellationToken.None)).Count);
        Assert.Single(await _sessions.ListActiveAsync("t1", "bob", CancellationToken.None));
        Assert.Single(await _sessions.ListActiveAsync("t2", null, CancellationToken.None));
    }

    private async Task<IssuedSession> CreateAsync(IReadOnlyCollection<string>? scopes = null, long? ttlSeconds = null)
    {
        var result = await _sessions.CreateAsync("t1", "alice", "support-bot", scopes ?? ["email.send"], ttlSeconds, CancellationToken.None);
        Assert.NotNull(result.Session);
        return result.Session;
    }
}
