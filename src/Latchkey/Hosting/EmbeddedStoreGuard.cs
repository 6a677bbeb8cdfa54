namespace Latchkey.Hosting;

/// <summary>
/// Announces the embedded in-memory store at start, and refuses a Redis setting this build
/// cannot honour rather than silently running single-instance.
/// </summary>
internal sealed partial class EmbeddedStoreGuard : IHostedService
{
    private readonly IConfiguration _configuration;
    private readonly ILogger<EmbeddedStoreGuard> _logger;

    public EmbeddedStoreGuard(IConfiguration configuration, ILogger<EmbeddedStoreGuard> logger)
    {
        _configuration = configuration;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(_configuration["Latchkey:Redis"]))
        {
            throw new InvalidOperationException(
                "Latchkey:Redis is set, but this build only has the embedded in-memory store. " +
                "Unset Latchkey:Redis to run a single instance.");
        }

        Log.EmbeddedStore(_logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, EventName = "EmbeddedStore", Level = LogLevel.Warning,
            Message = "Latchkey:Redis is empty: sessions, connections and approvals live in this process's memory only. " +
                "Run a single instance; everything is lost on restart.")]
        public static partial void EmbeddedStore(ILogger logger);
    }
}
