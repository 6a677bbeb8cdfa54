using Latchkey.Stores.Redis;

namespace Latchkey.Credentials.KeyRing;

/// <summary>
/// Loads the key-encryption key before anything can touch the key ring, and warns when a key
/// ring shared through Redis is stored unencrypted.
/// </summary>
internal sealed partial class KeyRingProtection : IHostedService
{
    private readonly KeyEncryptionKey _key;
    private readonly IServiceProvider _services;
    private readonly ILogger<KeyRingProtection> _logger;

    public KeyRingProtection(KeyEncryptionKey key, IServiceProvider services, ILogger<KeyRingProtection> logger)
    {
        _key = key;
        _services = services;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _key.LoadAsync(cancellationToken);
        if (_key.IsConfigured)
        {
            Log.Encrypted(_logger, _key.Id);
        }
        else if (_services.GetService<RedisConnection>() is not null)
        {
            Log.UnencryptedInRedis(_logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2030, EventName = "KeyRingEncrypted", Level = LogLevel.Information,
            Message = "Data Protection keys are stored encrypted with key-encryption key {KeyId}")]
        public static partial void Encrypted(ILogger logger, string keyId);

        [LoggerMessage(EventId = 2031, EventName = "KeyRingUnencryptedInRedis", Level = LogLevel.Warning,
            Message = "Data Protection keys are stored in Redis unencrypted: whoever can read Redis can decrypt users' tokens. " +
                "Set Latchkey:KeyRing:EncryptionKey (see docs/operations.md)")]
        public static partial void UnencryptedInRedis(ILogger logger);
    }
}
