using Latchkey.Stores.Redis;
using Latchkey.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Stores;

/// <summary>Where a Redis store suite runs: a single redis-server or a three-master Redis Cluster.</summary>
public interface IRedisTarget
{
    string ConnectionString { get; }

    /// <summary>Empties every node, so each test starts from nothing.</summary>
    Task FlushAsync();
}

/// <summary>One redis-server shared by the store suites of a collection.</summary>
public sealed class RedisServerFixture : IRedisTarget, IAsyncLifetime
{
    private RedisProcess? _redis;

    public string ConnectionString => _redis!.ConnectionString;

    public async Task InitializeAsync() => _redis = await RedisProcess.StartAsync();

    public Task FlushAsync() => _redis!.CommandAsync("FLUSHALL");

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>A three-master Redis Cluster shared by the store suites of a collection.</summary>
public sealed class RedisClusterFixture : IRedisTarget, IAsyncLifetime
{
    private RedisClusterProcess? _cluster;

    public string ConnectionString => _cluster!.ConnectionString;

    public RedisClusterProcess Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await RedisClusterProcess.StartAsync();

    public async Task FlushAsync()
    {
        foreach (var port in _cluster!.Ports)
        {
            await Resp.CommandAsync(port, "FLUSHALL");
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisServerGroup : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}

[CollectionDefinition(Name)]
public sealed class RedisClusterGroup : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}

/// <summary>
/// Connects the stores under test the way the app does, except for longer command timeouts: these
/// suites pin down store semantics, and a loaded CI machine must not turn them into timing tests
/// (the fail-fast timeouts are covered by RedisUnavailableTests and the outage tests).
/// </summary>
internal static class RedisTestConnections
{
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(30);

    /// <remarks>
    /// The connection's constructor waits for the first handshake by spinning on the calling
    /// thread. Test classes connect in parallel beside the integration suite on two cores: on pool
    /// threads those waits starved the handshakes they waited for, and a store once went to a
    /// healthy Redis without a connection after 5 s. So: construct on a thread of its own, then
    /// wait for the handshake without holding a thread, and fail plainly if it never comes.
    /// </remarks>
    public static async Task<RedisConnection> ConnectAsync(string connectionString)
    {
        var connection = await Task.Factory.StartNew(
            () => new RedisConnection(
                new RedisStoreOptions(connectionString + ",connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000"),
                TimeProvider.System, NullLogger<RedisConnection>.Instance, Latchkey.Testing.TestMetrics.Create()),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var deadline = DateTime.UtcNow + ConnectWait;
        while (!connection.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        if (!connection.IsConnected)
        {
            connection.Dispose();
            throw new InvalidOperationException($"No connection to the test Redis ({connectionString}) within {ConnectWait.TotalSeconds} s.");
        }

        return connection;
    }
}
