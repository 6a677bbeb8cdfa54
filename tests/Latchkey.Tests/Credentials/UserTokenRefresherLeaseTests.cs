using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Providers.Presets;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>The refresher across instances: the Redis lease is simulated by a lease another instance holds.</summary>
public sealed class UserTokenRefresherLeaseTests
{
    private static readonly ProviderDefinition Graph = TestProviders.Graph;

    private static readonly ConnectionKey Key = new("t1", "alice", "graph");

    private readonly CountingTokenEndpoint _endpoint = new();
    private readonly InMemoryConnectionStore _store = new();
    private readonly EphemeralDataProtectionProvider _protection = new();
    private readonly TokenVault _vault;
    private readonly HeldElsewhereLease _lease = new();
    private readonly UserTokenRefresher _refresher;

    public UserTokenRefresherLeaseTests()
    {
        _vault = TestVaults.Create(_store, protection: _protection);
        _refresher = TestRefreshers.Create(_vault, TestRefreshers.TokenClient(_endpoint), _lease);
    }

    [Fact]
    public async Task Waits_for_the_other_instances_refresh_and_uses_its_token()
    {
        await SeedAsync("at-expired", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));
        _lease.HeldElsewhere = true;

        var refreshing = _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);
        await Task.Delay(250);

        // The other instance finishes: it stores the new token (its lease is still held).
        await SeedAsync("at-from-other-instance", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        var result = await refreshing;

        Assert.Equal("at-from-other-instance", Assert.IsType<CredentialResult.Issued>(result).Token.Reveal());
        Assert.Equal(0, _endpoint.Calls);
    }

    [Fact]
    public async Task Refreshes_itself_when_the_lease_comes_free_and_the_token_is_still_due()
    {
        await SeedAsync("at-expired", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));
        _lease.HeldElsewhere = true;

        var refreshing = _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);
        await Task.Delay(250);

        // The other instance died without storing anything; its lease lapsed.
        _lease.HeldElsewhere = false;
        var result = await refreshing;

        Assert.Equal("at-new-1", Assert.IsType<CredentialResult.Issued>(result).Token.Reveal());
        Assert.Equal(1, _endpoint.Calls);
        Assert.Equal(1, _lease.Acquired);
        Assert.Equal(1, _lease.Released);
    }

    [Fact]
    public async Task Re_reads_under_the_lease_and_skips_a_refresh_another_instance_just_finished()
    {
        await SeedAsync("at-expired", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));
        _ = await _vault.GetAsync(Key, CancellationToken.None);

        // Another instance refreshed moment ago; this instance's cache has not heard yet.
        await _store.UpsertAsync(await StoredRecordAsync("at-fresh", DateTimeOffset.UtcNow + TimeSpan.FromHours(1)), CancellationToken.None);
        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.Equal("at-fresh", Assert.IsType<CredentialResult.Issued>(result).Token.Reveal());
        Assert.Equal(0, _endpoint.Calls);
    }

    [Fact]
    public async Task Store_outage_while_taking_the_lease_is_reported_as_such()
    {
        await SeedAsync("at-expired", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));
        _lease.Unavailable = true;

        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.IsType<CredentialResult.StoreUnavailable>(result);
        Assert.Equal(0, _endpoint.Calls);
    }

    private Task SeedAsync(string accessToken, DateTimeOffset expiresAt) =>
        _vault.StoreAsync(Key, Token(accessToken, expiresAt), CancellationToken.None);

    private static UserToken Token(string accessToken, DateTimeOffset expiresAt) => new()
    {
        AccessToken = new SecretValue(accessToken),
        RefreshToken = new SecretValue("rt"),
        ExpiresAt = expiresAt,
        ConnectedAt = DateTimeOffset.UtcNow,
        RefreshedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The ciphertext a different vault instance (same key ring) would write.</summary>
    private async Task<ConnectionRecord> StoredRecordAsync(string accessToken, DateTimeOffset expiresAt)
    {
        var scratch = new InMemoryConnectionStore();
        var other = TestVaults.Create(scratch, protection: _protection);
        await other.StoreAsync(Key, Token(accessToken, expiresAt), CancellationToken.None);
        return (await scratch.GetAsync(Key, CancellationToken.None))!;
    }

    private sealed class HeldElsewhereLease : IRefreshLease
    {
        private int _acquired;
        private int _released;

        public bool HeldElsewhere { get; set; }

        public bool Unavailable { get; set; }

        public int Acquired => Volatile.Read(ref _acquired);

        public int Released => Volatile.Read(ref _released);

        public Task<IAsyncDisposable?> TryAcquireAsync(ConnectionKey key, CancellationToken cancellationToken)
        {
            if (Unavailable)
            {
                throw new StoreUnavailableException("test outage");
            }

            if (HeldElsewhere)
            {
                return Task.FromResult<IAsyncDisposable?>(null);
            }

            Interlocked.Increment(ref _acquired);
            return Task.FromResult<IAsyncDisposable?>(new Held(this));
        }

        private sealed class Held(HeldElsewhereLease owner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref owner._released);
                return ValueTask.CompletedTask;
            }
        }
    }
}
