using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Providers.Presets;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials;

public sealed class IdleConnectionRefresherTests
{
    private static readonly ProviderDefinition Graph = TestProviders.Graph;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountingTokenEndpoint _endpoint = new();
    private readonly InMemoryConnectionStore _store = new();
    private readonly TokenVault _vault;
    private readonly UserTokenRefresher _refresher;

    public IdleConnectionRefresherTests()
    {
        _vault = TestVaults.Create(_store, _time);
        _refresher = TestRefreshers.Create(_vault, TestRefreshers.TokenClient(_endpoint, time: _time), time: _time);
    }

    [Fact]
    public async Task Connection_idle_past_the_presets_interval_is_refreshed_and_a_fresh_one_is_not()
    {
        await SeedAsync("idle", refreshedAt: _time.GetUtcNow() - TimeSpan.FromDays(31));
        await SeedAsync("active", refreshedAt: _time.GetUtcNow() - TimeSpan.FromDays(1));
        var sweeper = new IdleConnectionRefresher(_store, _refresher, new StaticConfigSource(Graph), _time, NullLogger<IdleConnectionRefresher>.Instance);

        var refreshed = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, refreshed);
        Assert.Equal(1, _endpoint.Calls);
        var idle = await _vault.GetAsync(new ConnectionKey("t1", "idle", "graph"), CancellationToken.None);
        Assert.Equal("at-new-1", idle!.AccessToken.Reveal());
        Assert.Equal("rt-idle", idle.RefreshToken!.Reveal());
        Assert.Equal(_time.GetUtcNow(), idle.RefreshedAt);
    }

    [Fact]
    public async Task Connection_sealed_under_a_lost_key_is_skipped_and_the_sweep_refreshes_the_others()
    {
        // Listed first: before, its CryptographicException ended the sweep at the same member every hour.
        var foreignKey = TestVaults.Create(_store, _time, protection: new EphemeralDataProtectionProvider());
        await foreignKey.StoreAsync(new ConnectionKey("t1", "a-lost-key", "graph"), Token("a-lost-key", _time.GetUtcNow() - TimeSpan.FromDays(31)), CancellationToken.None);
        await SeedAsync("b-idle", refreshedAt: _time.GetUtcNow() - TimeSpan.FromDays(31));
        var sweeper = new IdleConnectionRefresher(new ListedInKeyOrder(_store), _refresher, new StaticConfigSource(Graph), _time, NullLogger<IdleConnectionRefresher>.Instance);

        var refreshed = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, refreshed);
        Assert.Equal("at-new-1", (await _vault.GetAsync(new ConnectionKey("t1", "b-idle", "graph"), CancellationToken.None))!.AccessToken.Reveal());
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        await SeedAsync("alice", refreshedAt: _time.GetUtcNow(), expiresAt: _time.GetUtcNow() - TimeSpan.FromMinutes(1));
        var key = new ConnectionKey("t1", "alice", "graph");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            _refresher.RefreshAsync(key, Graph, [], force: false, CancellationToken.None)));

        Assert.Equal(1, _endpoint.Calls);
        Assert.All(results, r => Assert.Equal("at-new-1", Assert.IsType<CredentialResult.Issued>(r).Token.Reveal()));
    }

    private Task SeedAsync(string user, DateTimeOffset refreshedAt, DateTimeOffset? expiresAt = null) =>
        _vault.StoreAsync(new ConnectionKey("t1", user, "graph"), Token(user, refreshedAt, expiresAt), CancellationToken.None);

    private UserToken Token(string user, DateTimeOffset refreshedAt, DateTimeOffset? expiresAt = null) => new()
    {
        AccessToken = new SecretValue("at-" + user),
        RefreshToken = new SecretValue("rt-" + user),
        ExpiresAt = expiresAt ?? _time.GetUtcNow() + TimeSpan.FromHours(1),
        ConnectedAt = refreshedAt,
        RefreshedAt = refreshedAt,
    };

    /// <summary>The store with <see cref="IConnectionStore.ListAllAsync"/> in user order, so a test decides which connection the sweep meets first.</summary>
    private sealed class ListedInKeyOrder(IConnectionStore inner) : DelegatingConnectionStore(inner)
    {
        public override async Task<IReadOnlyList<ConnectionRecord>> ListAllAsync(CancellationToken cancellationToken) =>
            [.. (await base.ListAllAsync(cancellationToken)).OrderBy(r => r.Key.UserId, StringComparer.Ordinal)];
    }
}
