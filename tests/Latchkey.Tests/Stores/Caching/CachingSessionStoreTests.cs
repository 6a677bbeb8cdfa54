using Latchkey.Sessions;
using Latchkey.Stores;
using Latchkey.Stores.Caching;
using Latchkey.Stores.InMemory;
using Latchkey.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores.Caching;

public sealed class CachingSessionStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemorySessionStore _memory;
    private readonly CountingSessionStore _backing;
    private readonly ControllableChangeFeed _feed = new();
    private readonly CachingSessionStore _store;

    public CachingSessionStoreTests()
    {
        _memory = new InMemorySessionStore(_time);
        _backing = new CountingSessionStore(_memory);
        _store = new CachingSessionStore(_backing, _feed, _time, Options.Create(new StoreCacheOptions { SessionSeconds = 10 }), NullLogger<CachingSessionStore>.Instance);
    }

    [Fact]
    public async Task Warm_lookup_is_served_from_memory_without_a_store_call()
    {
        var session = await CreateAsync("h1");

        await _store.FindByTokenHashAsync("h1", CancellationToken.None);
        var warm = await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.Equal(session.Id, warm!.Id);
        Assert.Equal(1, _backing.Lookups);
    }

    [Fact]
    public async Task Entry_expires_after_the_configured_lifetime()
    {
        await CreateAsync("h1");
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(11));
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.Equal(2, _backing.Lookups);
    }

    [Fact]
    public async Task Entry_never_outlives_the_session()
    {
        await CreateAsync("h1", lifetime: TimeSpan.FromSeconds(3));
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(4));
        var after = await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.Null(after);
        Assert.Equal(2, _backing.Lookups);
    }

    [Fact]
    public async Task Revocation_evicts_and_is_announced_to_other_instances()
    {
        var session = await CreateAsync("h1");
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.True(await _store.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None));
        var after = await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.NotNull(after!.RevokedAt);
        var change = Assert.Single(_feed.Published);
        Assert.Equal(StoreChangeKind.SessionRevoked, change.Kind);
        Assert.Equal("h1", change.TokenHash);
    }

    [Fact]
    public async Task Revocation_received_from_another_instance_evicts_the_entry()
    {
        var session = await CreateAsync("h1");
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        // Another instance revoked it in the shared store and announced it.
        await _memory.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None);
        _feed.Receive(StoreChange.SessionRevoked("other", "h1"));

        Assert.NotNull((await _store.FindByTokenHashAsync("h1", CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Nothing_is_served_from_memory_while_the_feed_is_down()
    {
        await CreateAsync("h1");
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        _feed.GoDown();
        _backing.Unavailable = true;

        await Assert.ThrowsAsync<StoreUnavailableException>(() => _store.FindByTokenHashAsync("h1", CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Caches_start_empty_after_the_feed_comes_back()
    {
        await CreateAsync("h1");
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        _feed.GoDown();
        _feed.ComeBack();
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.Equal(2, _backing.Lookups);
    }

    [Fact]
    public async Task Fill_that_raced_with_a_change_is_not_kept()
    {
        await CreateAsync("h1");
        var racing = new RacingSessionStore(_backing, () => _feed.Receive(StoreChange.SessionRevoked("other", "h1")));
        var store = new CachingSessionStore(racing, _feed, _time, Options.Create(new StoreCacheOptions()), NullLogger<CachingSessionStore>.Instance);

        await store.FindByTokenHashAsync("h1", CancellationToken.None);
        await store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.Equal(2, _backing.Lookups);
    }

    [Fact]
    public async Task Revoked_sessions_are_not_cached()
    {
        var session = await CreateAsync("h1");
        await _memory.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None);

        await _store.FindByTokenHashAsync("h1", CancellationToken.None);
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.Equal(2, _backing.Lookups);
    }

    [Fact]
    public async Task Revocation_is_announced_even_when_the_store_write_fails()
    {
        var session = await CreateAsync("h1");
        var failing = new FailingRevokeStore(_memory);
        var feed = new ControllableChangeFeed();
        var revoking = new CachingSessionStore(failing, feed, _time, Options.Create(new StoreCacheOptions { SessionSeconds = 10 }), NullLogger<CachingSessionStore>.Instance);
        await _store.FindByTokenHashAsync("h1", CancellationToken.None);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => revoking.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None));
        _feed.Receive(Assert.Single(feed.Published));

        Assert.NotNull((await _store.FindByTokenHashAsync("h1", CancellationToken.None))!.RevokedAt);
    }

    public void Dispose() => _memory.Dispose();

    /// <summary>A store whose revoke lands but whose answer is lost, as a Redis call past its deadline.</summary>
    private sealed class FailingRevokeStore(ISessionStore inner) : ISessionStore
    {
        public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) => inner.CreateAsync(session, cancellationToken);

        public ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) => inner.FindByTokenHashAsync(tokenHash, cancellationToken);

        public Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) => inner.GetAsync(tenant, id, cancellationToken);

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken) => inner.ListAsync(tenant, userId, cancellationToken);

        public async Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken)
        {
            await inner.RevokeAsync(tenant, id, at, cancellationToken);
            throw new StoreUnavailableException("deadline passed");
        }

        public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }

    private async Task<SessionRecord> CreateAsync(string tokenHash, TimeSpan? lifetime = null)
    {
        var record = TestSessions.Create(tokenHash, _time.GetUtcNow(), lifetime);
        await _store.CreateAsync(record, CancellationToken.None);
        return record;
    }

    /// <summary>Runs an action while a lookup is in flight, as a revocation arriving mid-read would.</summary>
    private sealed class RacingSessionStore(ISessionStore inner, Action duringLookup) : ISessionStore
    {
        public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) => inner.CreateAsync(session, cancellationToken);

        public async ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
        {
            var record = await inner.FindByTokenHashAsync(tokenHash, cancellationToken);
            duringLookup();
            return record;
        }

        public Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) => inner.GetAsync(tenant, id, cancellationToken);

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken) => inner.ListAsync(tenant, userId, cancellationToken);

        public Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken) => inner.RevokeAsync(tenant, id, at, cancellationToken);

        public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}
