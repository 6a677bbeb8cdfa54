using System.Net;
using System.Net.Sockets;
using Latchkey.Stores;
using Latchkey.Stores.Redis;
using Latchkey.Tests.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Stores;

/// <summary>The start-up line that says where state lives (operations.md): a warning for the embedded store, the endpoints for Redis and never its password.</summary>
public sealed class StoreModeAnnouncementTests
{
    [Fact]
    public async Task Embedded_store_is_announced_as_a_warning()
    {
        var logs = new ListLoggerProvider();
        using var services = new ServiceCollection().BuildServiceProvider();

        await new StoreModeAnnouncement(services, logs.CreateLogger<StoreModeAnnouncement>()).StartAsync(CancellationToken.None);

        var line = Assert.Single(logs.Events);
        Assert.Equal((1900, "EmbeddedStore", LogLevel.Warning), (line.EventId.Id, line.EventId.Name, line.Level));
    }

    [Fact]
    public async Task Redis_store_is_announced_with_its_endpoints_and_never_its_password()
    {
        const string password = "s3cret-redis-pw-7f3a";
        var logs = new ListLoggerProvider();
        var endpoint = UnusedEndpoint();
        using var redis = new RedisConnection(
            new RedisStoreOptions($"{endpoint},password={password},connectTimeout=200"),
            TimeProvider.System, logs.CreateLogger<RedisConnection>(), Latchkey.Testing.TestMetrics.Create());
        await using var services = new ServiceCollection().AddSingleton(redis).BuildServiceProvider();

        await new StoreModeAnnouncement(services, logs.CreateLogger<StoreModeAnnouncement>()).StartAsync(CancellationToken.None);

        var line = Assert.Single(logs.Events, e => e.EventId.Id == 1907);
        Assert.Equal(("RedisStore", LogLevel.Information), (line.EventId.Name, line.Level));
        Assert.Contains(endpoint, line.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Events, e => e.EventId.Id == 1901);
        Assert.DoesNotContain(logs.Events, e => e.Message.Contains(password, StringComparison.Ordinal));
    }

    private static string UnusedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
