using System.Text.Json;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Cache invalidations over Redis pub/sub. Live only while the subscription is connected; a
/// lost connection raises <see cref="Reset"/> at once (caches dropped, so nothing revoked during
/// the gap can be served from cache) and again when it is restored. A one-second check catches a
/// missed event and resubscribes if Redis forgot the subscription. Before going live it reads the
/// revocations persisted in Redis and applies them, so an instance that (re)starts or reconnects
/// remembers every revocation Redis still knows, even one whose message it never received.
/// A change whose announcement fails is announced again by the next check that reaches Redis:
/// a revocation stored while this instance's link flapped must still reach the instances that
/// kept theirs (and their caches).
/// </summary>
internal sealed partial class RedisStoreChangeFeed : IStoreChangeFeed, IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal(RedisKeys.ChangeChannel);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    // Announcements waiting for Redis; beyond this many the oldest is dropped (caches then
    // rely on their lifetime, Cache:SessionSeconds, as before).
    private const int MaxUnannounced = 1024;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisStoreChangeFeed> _logger;
    private readonly ITimer _checkTimer;
    private readonly Queue<string> _unannounced = new();
    private long _generation;
    private long _connectionEvents;
    private int _checksAsked;
    private volatile bool _subscribed;
    private volatile bool _live;

    public RedisStoreChangeFeed(RedisConnection redis, TimeProvider time, ILogger<RedisStoreChangeFeed> logger)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        _redis.Multiplexer.ConnectionFailed += (_, _) => MarkDown();
        _redis.Multiplexer.ConnectionRestored += (_, _) => MarkDown();
        _checkTimer = time.CreateTimer(static feed => _ = ((RedisStoreChangeFeed)feed!).CheckAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public bool IsLive => _live;

    public long Generation => Interlocked.Read(ref _generation);

    public event Action<StoreChange>? Changed;

    public event Action? Reset;

    public async Task PublishAsync(StoreChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Apply(change);
        var message = JsonSerializer.Serialize(change, RedisStoreJsonContext.Default.StoreChange);
        try
        {
            await _redis.RunAsync(db => db.PublishAsync(Channel, message));
        }
        catch (StoreUnavailableException)
        {
            // Stored (or perhaps stored: a write past its deadline may still land), but the other
            // instances, which may have kept their link, were not told: the next check tells them.
            lock (_unannounced)
            {
                _unannounced.Enqueue(message);
                if (_unannounced.Count > MaxUnannounced)
                {
                    _unannounced.Dequeue();
                    Log.AnnouncementDropped(_logger);
                }
            }

            Log.PublishFailed(_logger, change.Kind.ToString());
            ThreadPool.QueueUserWorkItem(static feed => _ = feed.CheckAsync(), this, preferLocal: false);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckAsync().ConfigureAwait(false);
        _checkTimer.Change(CheckInterval, CheckInterval);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _checkTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _checkTimer.Dispose();

    private void MarkDown()
    {
        _live = false;
        Interlocked.Increment(ref _connectionEvents);
        Interlocked.Increment(ref _generation);
        Reset?.Invoke();

        // Not inline: the multiplexer raises these events on its own threads.
        ThreadPool.QueueUserWorkItem(static feed => _ = feed.CheckAsync(), this, preferLocal: false);
    }

    /// <summary>
    /// Re-evaluates liveness, one check at a time: the first caller runs it, and callers while it
    /// runs make it go round once more. Every Redis call here is asynchronous and bounded by the store
    /// deadline. A synchronous call would hold a thread-pool thread for the whole sync timeout
    /// while Redis does not answer, and the timer and connection events queue a check every
    /// second, so on a two-core host the data plane itself waited for threads (refusals took 2 s
    /// instead of under one).
    /// </summary>
    private async Task CheckAsync()
    {
        if (Interlocked.Increment(ref _checksAsked) != 1)
        {
            return;
        }

        try
        {
            int asked;
            do
            {
                asked = Volatile.Read(ref _checksAsked);
                await CheckOnceAsync().ConfigureAwait(false);
            }
            while (Interlocked.CompareExchange(ref _checksAsked, 0, asked) != asked);
        }
        catch
        {
            // Not stuck: the next caller runs a check again.
            Volatile.Write(ref _checksAsked, 0);
            throw;
        }
    }

    private async Task CheckOnceAsync()
    {
        var connectionEvents = Interlocked.Read(ref _connectionEvents);
        try
        {
            if (!_redis.IsConnected)
            {
                SetLive(false);
                return;
            }

            // Once subscribed, the multiplexer restores the subscription after a reconnect itself.
            // A subscribe that missed its deadline is sent again; the multiplexer may then hold the
            // handler twice, which only applies each change twice (applying one is idempotent).
            var subscriber = _redis.Multiplexer.GetSubscriber();
            if (!_subscribed)
            {
                await _redis.RunAsync(_ => subscriber.SubscribeAsync(Channel, (_, message) => OnMessage(message))).ConfigureAwait(false);
                _subscribed = true;
            }

            await AnnounceLateAsync().ConfigureAwait(false);
            var live = subscriber.IsConnected(Channel) && (_live || await TryLoadRevocationsAsync().ConfigureAwait(false));

            // A connection lost or restored while this check ran has queued the check that decides.
            SetLive(live && Interlocked.Read(ref _connectionEvents) == connectionEvents);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or RedisException or TimeoutException or ObjectDisposedException)
        {
            _subscribed = false;
            SetLive(false);
        }
    }

    /// <summary>Announces the changes whose first announcement failed, oldest first; a failure leaves the rest for the next check.</summary>
    private async Task AnnounceLateAsync()
    {
        while (NextUnannounced() is { } message)
        {
            await _redis.RunAsync(db => db.PublishAsync(Channel, message)).ConfigureAwait(false);
            lock (_unannounced)
            {
                // Unless dropped meanwhile to make room, it is still the oldest.
                if (_unannounced.TryPeek(out var oldest) && ReferenceEquals(oldest, message))
                {
                    _unannounced.Dequeue();
                }
            }

            Log.AnnouncedLate(_logger);
        }
    }

    private string? NextUnannounced()
    {
        lock (_unannounced)
        {
            return _unannounced.TryPeek(out var message) ? message : null;
        }
    }

    private async Task<bool> TryLoadRevocationsAsync()
    {
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var revoked = await _redis.RunAsync(db => db.SortedSetRangeByScoreWithScoresAsync(RedisKeys.RevokedSessions, now, double.PositiveInfinity, Exclude.Start)).ConfigureAwait(false);
            foreach (var entry in revoked)
            {
                if (RedisPointer.TryParse(entry.Element, out var tenant, out var id))
                {
                    Apply(StoreChange.SessionRevoked(Origin, tenant, id, DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score)));
                }
            }

            return true;
        }
        catch (StoreUnavailableException ex)
        {
            // Not live without them: caches stay off and the next check tries again.
            Log.RevocationsNotLoaded(_logger, ex);
            return false;
        }
    }

    private void SetLive(bool live)
    {
        if (_live == live)
        {
            return;
        }

        if (live)
        {
            // Anything cached before the gap is suspect: start empty.
            Interlocked.Increment(ref _generation);
            Reset?.Invoke();
            Log.Live(_logger);
        }

        _live = live;
    }

    private void OnMessage(RedisValue message)
    {
        StoreChange? change;
        try
        {
            change = JsonSerializer.Deserialize((string)message!, RedisStoreJsonContext.Default.StoreChange);
        }
        catch (JsonException)
        {
            Log.MalformedMessage(_logger);
            return;
        }

        if (change is not null && !string.Equals(change.Origin, Origin, StringComparison.Ordinal))
        {
            Apply(change);
        }
    }

    private void Apply(StoreChange change)
    {
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(change);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1904, EventName = "StoreChangePublishFailed", Level = LogLevel.Warning,
            Message = "A {ChangeKind} change was stored but could not be announced to other instances (Redis unavailable); it is announced once Redis answers")]
        public static partial void PublishFailed(ILogger logger, string changeKind);

        [LoggerMessage(EventId = 1910, EventName = "StoreChangeAnnouncedLate", Level = LogLevel.Information,
            Message = "A store change whose announcement had failed was announced to other instances")]
        public static partial void AnnouncedLate(ILogger logger);

        [LoggerMessage(EventId = 1911, EventName = "StoreChangeAnnouncementDropped", Level = LogLevel.Warning,
            Message = "More store changes waited to be announced than are kept; the oldest was dropped, other instances drop it from their caches when the entry's lifetime ends")]
        public static partial void AnnouncementDropped(ILogger logger);

        [LoggerMessage(EventId = 1905, EventName = "StoreChangeFeedLive", Level = LogLevel.Information,
            Message = "Subscribed to store changes; in-process caches enabled")]
        public static partial void Live(ILogger logger);

        [LoggerMessage(EventId = 1909, EventName = "RevokedSessionsNotLoaded", Level = LogLevel.Warning,
            Message = "Could not read the revoked sessions persisted in Redis; in-process caches stay off until they are read")]
        public static partial void RevocationsNotLoaded(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1906, EventName = "StoreChangeMalformed", Level = LogLevel.Warning,
            Message = "Ignored a malformed message on the store change channel")]
        public static partial void MalformedMessage(ILogger logger);
    }
}
