using Latchkey.Telemetry;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// The one multiplexer every Redis store shares. Configured to fail fast: the process starts
/// while Redis is down, commands issued without a connection fail at once instead of queueing,
/// and timeouts are about a second — so the data plane answers 503 quickly and never waits on
/// a dead store. The multiplexer keeps reconnecting in the background. Every asynchronous store
/// call has one deadline for all its round trips (the async timeout, 1 s by default), so a Redis
/// that keeps its connections open but stops answering is refused as fast as a dead one.
/// </summary>
internal sealed partial class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ILogger<RedisConnection> _logger;
    private readonly TimeProvider _time;
    private readonly LatchkeyMetrics _metrics;

    private static readonly TimeSpan AnswerAllowance = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MinimumDeadline = TimeSpan.FromMilliseconds(100);

    public RedisConnection(RedisStoreOptions options, TimeProvider time, ILogger<RedisConnection> logger, LatchkeyMetrics metrics)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _time = time;
        var configuration = RedisConfiguration.Build(options.Configuration);
        Deadline = DeadlineFor(TimeSpan.FromMilliseconds(configuration.AsyncTimeout));
        Endpoints = string.Join(", ", configuration.EndPoints.Select(e => e.ToString()));
        _multiplexer = ConnectionMultiplexer.Connect(configuration);
        _multiplexer.ConnectionFailed += (_, e) => Log.ConnectionLost(_logger, e.EndPoint, e.ConnectionType, e.FailureType);
        _multiplexer.ConnectionRestored += (_, e) => Log.ConnectionRestored(_logger, e.EndPoint, e.ConnectionType);

        // With abortConnect=false, Connect can return while the first handshake is still under
        // way; give it the connect timeout so a healthy Redis is usable from the first request.
        if (!SpinWait.SpinUntil(() => _multiplexer.IsConnected, configuration.ConnectTimeout))
        {
            Log.NotConnectedAtStart(_logger, Endpoints);
        }
    }

    /// <summary>The configured endpoints (host:port only; never the password or other options).</summary>
    public string Endpoints { get; }

    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>How long one asynchronous store call may take in total, all its round trips included.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>
    /// <c>asyncTimeout</c> less what answering the request takes, so that the agent has its
    /// <c>503 store_unavailable</c> within <c>asyncTimeout</c> (1 s by default), not just after it.
    /// </summary>
    internal static TimeSpan DeadlineFor(TimeSpan asyncTimeout) =>
        asyncTimeout - AnswerAllowance < MinimumDeadline ? MinimumDeadline : asyncTimeout - AnswerAllowance;

    public IConnectionMultiplexer Multiplexer => _multiplexer;

    /// <summary>
    /// The database. Not guarded by <see cref="IsConnected"/>: the fail-fast backlog policy already
    /// fails a command at once when its server is unreachable, and the flag can lag a healthy
    /// connection for a moment.
    /// </summary>
    public IDatabase Database => _multiplexer.GetDatabase();

    /// <summary>
    /// Runs one store operation within <see cref="Deadline"/>, turning any Redis failure or a missed
    /// deadline into <see cref="StoreUnavailableException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var database = Database;
        Task<T>? running = null;
        using var span = LatchkeyActivities.StartChild(LatchkeyActivities.Store, provider: null, System.Diagnostics.ActivityKind.Client)?.SetTag(TelemetryTags.DbSystem, "redis");
        try
        {
            running = operation(database);

            // StackExchange.Redis checks its own timeouts on a one-second heartbeat, so a command to
            // a Redis that stopped answering fails 1-2 s after it was sent, and an operation of two
            // round trips can take longer still. The deadline covers the whole operation.
            return await running.WaitAsync(Deadline, _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailability(ex))
        {
            _metrics.RecordRedisError();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            if (running is { IsCompleted: false })
            {
                // The abandoned commands still fail later, on the multiplexer's own timeout.
                _ = running.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            throw new StoreUnavailableException("Redis did not answer.", ex);
        }
    }

    public async Task RunAsync(Func<IDatabase, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await RunAsync(async db =>
        {
            await operation(db).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>The synchronous form, for the Data Protection key repository whose interface is synchronous.</summary>
    public T Run<T>(Func<IDatabase, T> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var database = Database;
        try
        {
            return operation(database);
        }
        catch (Exception ex) when (IsUnavailability(ex))
        {
            _metrics.RecordRedisError();
            throw new StoreUnavailableException("Redis did not answer.", ex);
        }
    }

    public void Dispose() => _multiplexer.Dispose();

    // Server errors such as LOADING, CLUSTERDOWN or READONLY mean "not now", like a lost connection.
    private static bool IsUnavailability(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, EventName = "RedisNotConnectedAtStart", Level = LogLevel.Error,
            Message = "Redis ({Endpoints}) is not reachable at start; requests are refused with 503 until it is")]
        public static partial void NotConnectedAtStart(ILogger logger, string endpoints);

        [LoggerMessage(EventId = 1902, EventName = "RedisConnectionLost", Level = LogLevel.Error,
            Message = "Redis connection to {Endpoint} ({ConnectionType}) lost: {FailureType}; caches dropped, requests refused until it returns")]
        public static partial void ConnectionLost(ILogger logger, System.Net.EndPoint? endpoint, ConnectionType connectionType, ConnectionFailureType failureType);

        [LoggerMessage(EventId = 1903, EventName = "RedisConnectionRestored", Level = LogLevel.Information,
            Message = "Redis connection to {Endpoint} ({ConnectionType}) restored")]
        public static partial void ConnectionRestored(ILogger logger, System.Net.EndPoint? endpoint, ConnectionType connectionType);
    }
}
