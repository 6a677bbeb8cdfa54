using System.Diagnostics;
using Latchkey.Stores;
using Latchkey.Stores.Redis;
using Latchkey.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Stores;

/// <summary>
/// The store change feed's liveness check against a Redis that keeps its connections open and
/// answers nothing: it waits without holding a thread, and goes live once Redis answers again.
/// </summary>
public sealed class RedisStoreChangeFeedTests
{
    [Fact]
    public async Task Check_while_Redis_does_not_answer_holds_no_thread_and_goes_live_once_Redis_answers()
    {
        await using var redis = await RedisProcess.StartAsync();

        // A sync timeout far beyond the pause: a synchronous Redis call in the check would hold
        // the calling thread until Redis answers. On a two-core host such held thread-pool
        // threads made the data plane's refusals take 2 s during an outage.
        using var connection = Connect(redis, ",syncTimeout=60000");
        using var feed = new RedisStoreChangeFeed(connection, TimeProvider.System, NullLogger<RedisStoreChangeFeed>.Instance);
        Assert.StartsWith("+OK", await redis.CommandAsync("CLIENT", "PAUSE", "5000", "ALL"), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        var start = feed.StartAsync(CancellationToken.None);
        var held = clock.Elapsed;

        Assert.True(held < TimeSpan.FromSeconds(2), $"the check held the starting thread for {held.TotalMilliseconds} ms while Redis was paused");
        await start;
        Assert.False(feed.IsLive);

        await WaitUntilAsync(() => feed.IsLive, TimeSpan.FromSeconds(20));

        // Live means subscribed: a change announced by another instance arrives.
        using var otherConnection = Connect(redis, string.Empty);
        using var other = new RedisStoreChangeFeed(otherConnection, TimeProvider.System, NullLogger<RedisStoreChangeFeed>.Instance);
        var received = new TaskCompletionSource<StoreChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        feed.Changed += change => received.TrySetResult(change);
        await other.PublishAsync(StoreChange.SessionRevoked(other.Origin, "token-hash-1"), CancellationToken.None);

        var arrived = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(StoreChangeKind.SessionRevoked, arrived.Kind);
        Assert.Equal("token-hash-1", arrived.TokenHash);
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_change_whose_announcement_was_lost_is_announced_once_Redis_answers_again()
    {
        await using var redis = await RedisProcess.StartAsync();
        using var publisherConnection = Connect(redis, string.Empty);
        using var publisher = new RedisStoreChangeFeed(publisherConnection, TimeProvider.System, NullLogger<RedisStoreChangeFeed>.Instance);
        using var listenerConnection = Connect(redis, string.Empty);
        using var listener = new RedisStoreChangeFeed(listenerConnection, TimeProvider.System, NullLogger<RedisStoreChangeFeed>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        await listener.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => publisher.IsLive && listener.IsLive, TimeSpan.FromSeconds(10));
        var received = new TaskCompletionSource<StoreChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Changed += change =>
        {
            if (change.TokenHash == "token-hash-2")
            {
                received.TrySetResult(change);
            }
        };

        // Redis holds the PUBLISH (a write) while paused, and the publisher's link is cut before it
        // runs: the announcement is lost, as when an instance's link flaps mid-revocation. The
        // listener keeps its subscription (a pub/sub connection is not of type normal).
        Assert.StartsWith("+OK", await redis.CommandAsync("CLIENT", "PAUSE", "5000", "WRITE"), StringComparison.Ordinal);
        var publish = publisher.PublishAsync(StoreChange.SessionRevoked(publisher.Origin, "token-hash-2"), CancellationToken.None);
        await Task.Delay(300);
        await redis.CommandAsync("CLIENT", "KILL", "TYPE", "normal");
        await publish;
        Assert.StartsWith("+OK", await redis.CommandAsync("CLIENT", "UNPAUSE"), StringComparison.Ordinal);

        var arrived = await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(StoreChangeKind.SessionRevoked, arrived.Kind);
        await publisher.StopAsync(CancellationToken.None);
        await listener.StopAsync(CancellationToken.None);
    }

    private static RedisConnection Connect(RedisProcess redis, string options) =>
        new(new RedisStoreOptions(redis.ConnectionString + options), TimeProvider.System, NullLogger<RedisConnection>.Instance, TestMetrics.Create());

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not live within {limit.TotalSeconds} s of Redis answering again");
            await Task.Delay(100);
        }
    }
}
