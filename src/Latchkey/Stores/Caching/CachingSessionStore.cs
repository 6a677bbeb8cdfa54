using Latchkey.Sessions;
using Microsoft.Extensions.Options;

namespace Latchkey.Stores.Caching;

/// <summary>
/// Keeps resolved sessions in memory so a warm data-plane request makes no store round trip.
/// Entries are served only while the change feed is live; a revocation on any instance evicts
/// the entry everywhere through the feed, and a fill that raced with any change is not kept.
/// Every revocation seen is also remembered until the session's expiry, so a store that loses it
/// (restored from an older snapshot, failed over to a lagging replica) cannot revive the session here.
/// </summary>
internal sealed class CachingSessionStore : ISessionStore
{
    private readonly ISessionStore _inner;
    private readonly IStoreChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly ExpiringCache<string, SessionRecord> _byTokenHash;
    private readonly TimeSpan _lifetime;

    public CachingSessionStore(
        ISessionStore inner,
        IStoreChangeFeed feed,
        TimeProvider time,
        IOptions<StoreCacheOptions> options,
        ILogger<CachingSessionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _feed = feed;
        _time = time;
        _lifetime = TimeSpan.FromSeconds(options.Value.SessionSeconds);
        _byTokenHash = new ExpiringCache<string, SessionRecord>(time, options.Value.MaxEntries, StringComparer.Ordinal);
        Revocations = new RevokedSessions(time, options.Value.MaxEntries, logger);
        _feed.Changed += OnChanged;
        _feed.Reset += _byTokenHash.Clear;
    }

    /// <summary>The revocations this instance remembers; they outlive feed resets and store restores.</summary>
    public RevokedSessions Revocations { get; }

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) =>
        _inner.CreateAsync(session, cancellationToken);

    public async ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        if (_feed.IsLive && _byTokenHash.TryGet(tokenHash, out var cached))
        {
            return WithRemembered(cached);
        }

        var generation = _feed.Generation;
        var record = WithRemembered(await _inner.FindByTokenHashAsync(tokenHash, cancellationToken));
        if (record is not null && record.RevokedAt is null && _feed.IsLive && _feed.Generation == generation)
        {
            var untilExpiry = record.ExpiresAt - _time.GetUtcNow();
            _byTokenHash.Set(tokenHash, record, untilExpiry < _lifetime ? untilExpiry : _lifetime);
        }

        return record;
    }

    public async Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        WithRemembered(await _inner.GetAsync(tenant, id, cancellationToken));

    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        var records = await _inner.ListAsync(tenant, userId, cancellationToken);
        return [.. records.Select(r => WithRemembered(r)!)];
    }

    public async Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var session = await _inner.GetAsync(tenant, id, cancellationToken);
        try
        {
            return await _inner.RevokeAsync(tenant, id, at, cancellationToken);
        }
        finally
        {
            // Announced even when it was already revoked (a repeat costs nothing and heals a lost
            // message), and when the store failed: a write that timed out here may still land
            // there, and then nothing else would ever announce it. Announcing a revocation that
            // did not land errs on the closed side; the caller got 503 and retries.
            if (session is not null)
            {
                await _feed.PublishAsync(StoreChange.SessionRevoked(_feed.Origin, session), cancellationToken);
            }
        }
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);

    /// <summary>The record as the store has it, unless this instance knows it was revoked since.</summary>
    private SessionRecord? WithRemembered(SessionRecord? record) =>
        record is { RevokedAt: null } && Revocations.Contains(record.Tenant, record.Id)
            ? record with { RevokedAt = _time.GetUtcNow() }
            : record;

    private void OnChanged(StoreChange change)
    {
        if (change.Kind != StoreChangeKind.SessionRevoked)
        {
            return;
        }

        if (change is { Tenant: { } tenant, SessionId: { } id, ExpiresAt: { } expiresAt })
        {
            Revocations.Add(tenant, id, expiresAt);
        }

        if (change.TokenHash is { } hash)
        {
            _byTokenHash.Remove(hash);
        }
    }
}
