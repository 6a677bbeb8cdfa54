using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Latchkey.Credentials;
using Latchkey.Credentials.KeyRing;
using Latchkey.Stores.Redis;
using Latchkey.Tests.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Credentials.KeyRing;

/// <summary>
/// The start-up line about the key ring (operations.md "Encrypt the key ring"): a key ring shared
/// through Redis without a key-encryption key is a warning (2031); with one, the key's public id
/// is announced (2030) and never the key itself.
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _variable = "LATCHKEY_TEST_KEK_" + Guid.NewGuid().ToString("N");
    private readonly ListLoggerProvider _logs = new();

    [Fact]
    public async Task Key_ring_in_redis_without_an_encryption_key_is_a_warning()
    {
        using var redis = UnreachableRedis();
        await StartAsync(new KeyRingOptions(), redis);

        var line = Assert.Single(_logs.Events);
        Assert.Equal((2031, "KeyRingUnencryptedInRedis", LogLevel.Warning), (line.EventId.Id, line.EventId.Name, line.Level));
        Assert.Contains("Latchkey:KeyRing:EncryptionKey", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_ring_in_redis_with_an_encryption_key_names_the_key_id_and_never_the_key()
    {
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Environment.SetEnvironmentVariable(_variable, value);
        using var redis = UnreachableRedis();
        var key = await StartAsync(new KeyRingOptions { EncryptionKey = "env:" + _variable }, redis);

        var line = Assert.Single(_logs.Events);
        Assert.Equal((2030, "KeyRingEncrypted", LogLevel.Information), (line.EventId.Id, line.EventId.Name, line.Level));
        Assert.Contains(key.Id, line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedded_store_without_an_encryption_key_is_not_warned_about()
    {
        // The key ring then lives in the process's own key directory, not in a shared store.
        await StartAsync(new KeyRingOptions(), redis: null);

        Assert.Empty(_logs.Events);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        _logs.Dispose();
    }

    private async Task<KeyEncryptionKey> StartAsync(KeyRingOptions options, RedisConnection? redis)
    {
        var key = new KeyEncryptionKey(new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance), Options.Create(options));
        var collection = new ServiceCollection();
        if (redis is not null)
        {
            collection.AddSingleton(redis);
        }

        await using var services = collection.BuildServiceProvider();
        await new KeyRingProtection(key, services, _logs.CreateLogger<KeyRingProtection>()).StartAsync(CancellationToken.None);
        return key;
    }

    private static RedisConnection UnreachableRedis()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        return new RedisConnection(new RedisStoreOptions($"{endpoint},connectTimeout=200"), TimeProvider.System,
            NullLogger<RedisConnection>.Instance, Latchkey.Testing.TestMetrics.Create());
    }
}
