using System.Collections.Concurrent;

namespace Latchkey.Stores.Caching;

/// <summary>
/// The sessions this instance saw revoked (its own revocations, those announced by other
/// instances, and those persisted in Redis when it subscribed), each kept until the session would
/// have expired. A store restored to a point before a revocation, or a failover to a replica that
/// never received it, brings the session back in the store but not here. Bounded by
/// <c>Latchkey:Cache:MaxEntries</c>: when full, the revocation that would expire soonest is forgotten,
/// whether it is one already held or the one being added.
/// </summary>
internal sealed partial class RevokedSessions
{
    // Expired entries are dropped every this many additions, and whenever the set is full.
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<SessionKey, long> _expiresAtMs = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private int _addsSinceSweep;

    public RevokedSessions(TimeProvider time, int capacity, ILogger logger)
    {
        _time = time;
        _capacity = capacity;
        _logger = logger;
    }

    /// <summary>On every session resolution: a lock-free lookup that allocates nothing.</summary>
    public bool Contains(string tenant, string id) => _expiresAtMs.ContainsKey(new SessionKey(tenant, id));

    public void Add(string tenant, string id, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeMilliseconds();
        if (expiry <= _time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return;
        }

        var key = new SessionKey(tenant, id);
        if (Interlocked.Increment(ref _addsSinceSweep) >= SweepEvery)
        {
            Sweep();
        }

        if (!_expiresAtMs.ContainsKey(key) && _expiresAtMs.Count >= _capacity && Sweep() >= _capacity && !MakeRoomFor(key, expiry))
        {
            return;
        }

        _expiresAtMs.AddOrUpdate(key, expiry, (_, known) => Math.Max(known, expiry));
    }

    /// <summary>Drops the entries whose session has expired anyway; returns how many remain.</summary>
    public int Sweep()
    {
        Interlocked.Exchange(ref _addsSinceSweep, 0);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var entry in _expiresAtMs)
        {
            if (entry.Value <= now)
            {
                _expiresAtMs.TryRemove(entry);
            }
        }

        return _expiresAtMs.Count;
    }

    /// <summary>
    /// The set is full: forgets whichever revocation would expire soonest, the new one included
    /// (the shortest window a forgotten revocation could reopen). False when that is the new one.
    /// </summary>
    private bool MakeRoomFor(SessionKey key, long expiry)
    {
        KeyValuePair<SessionKey, long>? soonest = null;
        foreach (var entry in _expiresAtMs)
        {
            if (soonest is null || entry.Value < soonest.Value.Value)
            {
                soonest = entry;
            }
        }

        if (soonest is not { } drop || expiry <= drop.Value)
        {
            Log.RevocationForgotten(_logger, _capacity, key.Id);
            return false;
        }

        if (_expiresAtMs.TryRemove(drop))
        {
            Log.RevocationForgotten(_logger, _capacity, drop.Key.Id);
        }

        return true;
    }

    private readonly record struct SessionKey(string Tenant, string Id);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1908, EventName = "RevokedSessionForgotten", Level = LogLevel.Warning,
            Message = "More than {Capacity} revoked sessions are remembered (Latchkey:Cache:MaxEntries); forgot session {SessionId}, the one expiring soonest. A Redis restore to before its revocation would let it work again on this instance")]
        public static partial void RevocationForgotten(ILogger logger, int capacity, string sessionId);
    }
}
