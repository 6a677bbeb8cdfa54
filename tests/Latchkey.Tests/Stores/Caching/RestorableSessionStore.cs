using System.Collections.Concurrent;
using Latchkey.Sessions;

namespace Latchkey.Tests.Stores.Caching;

/// <summary>
/// A session store that can lose everything (<c>FLUSHALL</c>) or be put back to an earlier record
/// (a restore from an old snapshot, a failover to a lagging replica), standing in for Redis.
/// </summary>
internal sealed class RestorableSessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionRecord> _byHash = new(StringComparer.Ordinal);

    public int Lookups { get; private set; }

    /// <summary>Puts the record back as it was, whatever happened to it since.</summary>
    public void Restore(SessionRecord record) => _byHash[record.TokenHash] = record;

    public void Flush() => _byHash.Clear();

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        Restore(session);
        return Task.CompletedTask;
    }

    public ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        Lookups++;
        return ValueTask.FromResult(_byHash.GetValueOrDefault(tokenHash));
    }

    public Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        Task.FromResult(_byHash.Values.FirstOrDefault(r => r.Tenant == tenant && r.Id == id));

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionRecord>>([.. _byHash.Values.Where(r => r.Tenant == tenant && (userId is null || r.UserId == userId))]);

    public Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var record = _byHash.Values.FirstOrDefault(r => r.Tenant == tenant && r.Id == id);
        if (record is null || record.RevokedAt is not null)
        {
            return Task.FromResult(false);
        }

        _byHash[record.TokenHash] = record with { RevokedAt = at };
        return Task.FromResult(true);
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
