using System.Net;
using System.Net.Sockets;
using Latchkey.Stores;
using Latchkey.Stores.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores;

/// <summary>
/// One store call, however many round trips it makes, ends within the connection's deadline: a
/// Redis that holds its connections open and answers nothing is refused as fast as a dead one.
/// </summary>
public sealed class RedisConnectionDeadlineTests
{
    [Theory]
    [InlineData("", 800)]
    [InlineData(",asyncTimeout=2000", 1800)]
    [InlineData(",asyncTimeout=250", 100)]
    public async Task Operation_Redis_never_answers_fails_as_store_unavailable_at_the_deadline(string options, int deadlineMs)
    {
        var time = new FakeTimeProvider();
        using var redis = new RedisConnection(new RedisStoreOptions(UnusedEndpoint() + options), time, NullLogger<RedisConnection>.Instance, Latchkey.Testing.TestMetrics.Create());
        var never = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = redis.RunAsync(_ => never.Task);
        time.Advance(TimeSpan.FromMilliseconds(deadlineMs - 1));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(call, finished);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => call);
    }

    [Fact]
    public async Task Operation_that_answers_in_time_returns_its_result()
    {
        var time = new FakeTimeProvider();
        using var redis = new RedisConnection(new RedisStoreOptions(UnusedEndpoint()), time, NullLogger<RedisConnection>.Instance, Latchkey.Testing.TestMetrics.Create());

        Assert.Equal(42, await redis.RunAsync(_ => Task.FromResult(42)));
    }

    private static string UnusedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
