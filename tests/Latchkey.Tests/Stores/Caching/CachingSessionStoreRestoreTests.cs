using Latchkey.Sessions;
using Latchkey.Stores.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores.Caching;

/// <summary>
/// The store losing state behind the caches' back: a restore from a snapshot older than a
/// revocation, and a <c>FLUSHALL</c> (what the session cache window means then).
/// </summary>
public sealed class CachingSessionStoreRestoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RestorableSessionStore _redis = new();
    private readonly ControllableChangeFeed _feed = new();

    [Fact]
    public async Task Session_revoked_here_stays_revoked_after_the_store_is_restored_to_before_the_revocation()
    {
        var store = Instance();
        var session = await CreateAsync(store);

        Assert.True(await store.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None));
        _redis.Restore(session);

        Assert.NotNull((await store.FindByTokenHashAsync("h1", CancellationToken.None))!.RevokedAt);
        Assert.NotNull((await store.GetAsync("acme", session.Id, CancellationToken.None))!.RevokedAt);
        Assert.All(await store.ListAsync("acme", null, CancellationToken.None), r => Assert.NotNull(r.RevokedAt));
    }

    [Fact]
    public async Task Session_revoked_on_another_instance_stays_revoked_here_after_the_store_is_restored()
    {
        var here = Instance();
        var other = Instance();
        var session = await CreateAsync(here);
        await here.FindByTokenHashAsync("h1", CancellationToken.None);

        Assert.True(await other.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None));
        _redis.Restore(session);

        Assert.NotNull((await here.FindByTokenHashAsync("h1", CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Revocation_is_remembered_until_the_session_would_have_expired_and_no_longer()
    {
        var store = Instance();
        var session = await CreateAsync(store, TimeSpan.FromMinutes(10));
        await store.RevokeAsync("acme", session.Id, _time.GetUtcNow(), CancellationToken.None);
        _redis.Restore(session);

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull((await store.FindByTokenHashAsync("h1", CancellationToken.None))!.RevokedAt);

        // Past its expiry the session is refused for that reason alone; the memory is freed.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, store.Revocations.Sweep());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(30)]
    public async Task After_the_store_is_flushed_a_cached_session_is_served_for_Cache_SessionSeconds_and_no_longer(int seconds)
    {
        var store = Instance(seconds);
        await CreateAsync(store);
        await store.FindByTokenHashAsync("h1", CancellationToken.None);

        _redis.Flush();
        _time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await store.FindByTokenHashAsync("h1", CancellationToken.None));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await store.FindByTokenHashAsync("h1", CancellationToken.None));
    }

    [Fact]
    public async Task Session_cache_can_be_switched_off()
    {
        var store = Instance(sessionSeconds: 0);
        await CreateAsync(store);
        await store.FindByTokenHashAsync("h1", CancellationToken.None);

        _redis.Flush();

        Assert.Null(await store.FindByTokenHashAsync("h1", CancellationToken.None));
    }

    private CachingSessionStore Instance(int sessionSeconds = 10) =>
        new(_redis, _feed, _time, Options.Create(new StoreCacheOptions { SessionSeconds = sessionSeconds }), NullLogger<CachingSessionStore>.Instance);

    private async Task<SessionRecord> CreateAsync(CachingSessionStore store, TimeSpan? lifetime = null)
    {
        var record = TestSessions.Create("h1", _time.GetUtcNow(), lifetime);
        await store.CreateAsync(record, CancellationToken.None);
        return record;
    }
}
