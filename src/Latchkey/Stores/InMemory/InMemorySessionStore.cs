using System.Collections.Concurrent;
using Latchkey.Sessions;

namespace Latchkey.Stores.InMemory;

/// <summary>
/// The embedded single-instance session store. Indexed by token hash (data plane) and by
/// (tenant, id) (management). Expired sessions are dropped when met and by a periodic sweep.
/// </summary>
internal sealed class InMemorySessionStore : ISessionStore, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, SessionRecord> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Id), SessionRecord> _byId = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweepTimer;

    public InMemorySessionStore(TimeProvider time)
    {
        _time = time;
        _sweepTimer = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    public int Count => _byId.Count;

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_byHash.TryAdd(session.TokenHash, session))
        {
            throw new InvalidOperationException("A session with this token hash already exists.");
        }

        if (!_byId.TryAdd((session.Tenant, session.Id), session))
        {
            _byHash.TryRemove(session.TokenHash, out _);
            throw new InvalidOperationException("A session with this id already exists.");
        }

        return Task.CompletedTask;
    }

    public ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        if (!_byHash.TryGetValue(tokenHash, out var record))
        {
            return ValueTask.FromResult<SessionRecord?>(null);
        }

        if (IsExpired(record))
        {
            Remove(record);
            return ValueTask.FromResult<SessionRecord?>(null);
        }

        return ValueTask.FromResult<SessionRecord?>(record);
    }

    public Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        if (!_byId.TryGetValue((tenant, id), out var record))
        {
            return Task.FromResult<SessionRecord?>(null);
        }

        if (IsExpired(record))
        {
            Remove(record);
            return Task.FromResult<SessionRecord?>(null);
        }

        return Task.FromResult<SessionRecord?>(record);
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SessionRecord> result =
        [
            .. _byId.Values.Where(s =>
                string.Equals(s.Tenant, tenant, StringComparison.Ordinal)
                && (userId is null || string.Equals(s.UserId, userId, StringComparison.Ordinal))
                && !IsExpired(s)),
        ];
        return Task.FromResult(result);
    }

    public Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = (tenant, id);
        while (_byId.TryGetValue(key, out var current))
        {
            if (current.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            var revoked = current with { RevokedAt = at };
            if (_byId.TryUpdate(key, revoked, current))
            {
                // The hash index is what the data plane reads: update it too so the next request is refused.
                _byHash[current.TokenHash] = revoked;
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public void Dispose() => _sweepTimer.Dispose();

    /// <summary>Drops every expired session; runs on a timer so memory does not grow with dead sessions.</summary>
    internal void Sweep()
    {
        foreach (var record in _byId.Values)
        {
            if (IsExpired(record))
            {
                Remove(record);
            }
        }
    }

    private bool IsExpired(SessionRecord record) => _time.GetUtcNow() >= record.ExpiresAt;

    private void Remove(SessionRecord record)
    {
        _byId.TryRemove((record.Tenant, record.Id), out _);
        _byHash.TryRemove(record.TokenHash, out _);
    }
}
