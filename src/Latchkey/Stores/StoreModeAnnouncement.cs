using Latchkey.Stores.Redis;

namespace Latchkey.Stores;

/// <summary>Says at start where state lives, so an operator never runs a single-instance store by accident.</summary>
internal sealed partial class StoreModeAnnouncement : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly ILogger<StoreModeAnnouncement> _logger;

    public StoreModeAnnouncement(IServiceProvider services, ILogger<StoreModeAnnouncement> logger)
    {
        _services = services;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<RedisConnection>() is { } redis)
        {
            Log.RedisStore(_logger, redis.Endpoints);
        }
        else
        {
            Log.EmbeddedStore(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, EventName = "EmbeddedStore", Level = LogLevel.Warning,
            Message = "Latchkey:Redis is empty: sessions, connections and approvals live in this process's memory only. " +
                "Run a single instance; everything is lost on restart.")]
        public static partial void EmbeddedStore(ILogger logger);

        [LoggerMessage(EventId = 1907, EventName = "RedisStore", Level = LogLevel.Information,
            Message = "State lives in Redis at {Endpoints}; this instance can run alongside others")]
        public static partial void RedisStore(ILogger logger, string endpoints);
    }
}
