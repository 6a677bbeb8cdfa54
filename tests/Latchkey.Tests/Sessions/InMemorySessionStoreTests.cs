using Latchkey.Sessions;
using Latchkey.Stores.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Sessions;

public sealed class InMemorySessionStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemorySessionStore _store;

    public InMemorySessionStoreTests() => _store = new InMemorySessionStore(_time);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Session_is_found_by_hash_and_by_tenant_and_id()
    {
        var record = NewRecord("t1", "alice");
        await _store.CreateAsync(record, CancellationToken.None);

        Assert.Same(record, await _store.FindByTokenHashAsync(record.TokenHash, CancellationToken.None));
        Assert.Same(record, await _store.GetAsync("t1", record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_is_readable_or_revocable_across_tenants()
    {
        var record = NewRecord("t1", "alice");
        await _store.CreateAsync(record, CancellationToken.None);

        Assert.Null(await _store.GetAsync("t2", record.Id, CancellationToken.None));
        Assert.Empty(await _store.ListAsync("t2", null, CancellationToken.None));
        Assert.False(await _store.RevokeAsync("t2", record.Id, _time.GetUtcNow(), CancellationToken.None));
        Assert.Null((await _store.GetAsync("t1", record.Id, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Revocation_is_visible_through_both_indexes()
    {
        var record = NewRecord("t1", "alice");
        await _store.CreateAsync(record, CancellationToken.None);
        var at = _time.GetUtcNow();

        Assert.True(await _store.RevokeAsync("t1", record.Id, at, CancellationToken.None));

        Assert.Equal(at, (await _store.FindByTokenHashAsync(record.TokenHash, CancellationToken.None))!.RevokedAt);
        Assert.Equal(at, (await _store.GetAsync("t1", record.Id, CancellationToken.None))!.RevokedAt);
        Assert.False(await _store.RevokeAsync("t1", record.Id, at, CancellationToken.None));
    }

    [Fact]
    public async Task Expired_sessions_are_dropped_when_met()
    {
        var record = NewRecord("t1", "alice", TimeSpan.FromMinutes(5));
        await _store.CreateAsync(record, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(await _store.FindByTokenHashAsync(record.TokenHash, CancellationToken.None));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Periodic_sweep_removes_expired_sessions()
    {
        await _store.CreateAsync(NewRecord("t1", "alice", TimeSpan.FromSeconds(30)), CancellationToken.None);
        await _store.CreateAsync(NewRecord("t1", "bob", TimeSpan.FromHours(1)), CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public async Task List_filters_by_user()
    {
        await _store.CreateAsync(NewRecord("t1", "alice"), CancellationToken.None);
        await _store.CreateAsync(NewRecord("t1", "bob"), CancellationToken.None);

        var sessions = await _store.ListAsync("t1", "bob", CancellationToken.None);

        Assert.Equal("bob", Assert.Single(sessions).UserId);
        Assert.True(await _store.PingAsync(CancellationToken.None));
    }

    private SessionRecord NewRecord(string tenant, string userId, TimeSpan? ttl = null) => new()
    {
        Id = SessionIds.Generate(),
        TokenHash = SessionTokens.Hash(SessionTokens.Generate()),
        Tenant = tenant,
        UserId = userId,
        AgentId = "bot",
        Scopes = new HashSet<string>(StringComparer.Ordinal) { "a" },
        CreatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow() + (ttl ?? TimeSpan.FromHours(1)),
    };
}
