using Microsoft.Extensions.Logging;

namespace Latchkey.Config;

/// <summary>
/// Polls the config files and publishes each valid change; an invalid change (or a deleted or
/// unreadable file) is logged and the last good snapshot stays in force.
/// </summary>
internal sealed partial class ConfigWatcher(ConfigSnapshotSource source, TimeProvider timeProvider, ILogger<ConfigWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Re-read the content now and then even when the stamps agree: a same-length rewrite
    // within the file system's timestamp resolution leaves the stamp unchanged.
    private const int FullCheckEveryTicks = 10;

    private ConfigFileStamp? _seenStamp;
    private bool _confirmRejection;
    private string? _lastRejection;
    private int _ticks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                Poll();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An unexpected failure must not end the loop: since .NET 8 a faulted
                // BackgroundService stops the host, and a bad edit must never do that.
                Log.ConfigWatchFailed(logger, ex);
            }
        }
    }

    /// <summary>One polling step; runs on the watcher's loop, never concurrently with itself.</summary>
    internal void Poll()
    {
        var stamp = ConfigFileStamp.Read(source.ConfigDirectory);
        _ticks++;
        var changed = stamp != _seenStamp;
        if (!changed && !_confirmRejection && _ticks % FullCheckEveryTicks != 0)
        {
            return;
        }

        _seenStamp = stamp;
        var result = ConfigLoader.Load(source.ConfigDirectory);
        if (result.Succeeded)
        {
            _confirmRejection = false;
            _lastRejection = null;
            Publish(result);
            return;
        }

        // A file that just changed may be half written by a non-atomic save: only reject
        // once the same files fail again on the next tick.
        if (changed)
        {
            _confirmRejection = true;
            return;
        }

        _confirmRejection = false;
        var errors = string.Join(Environment.NewLine, result.Errors);
        if (errors != _lastRejection)
        {
            _lastRejection = errors;
            Log.ConfigRejected(logger, source.Current.Version, errors);
        }
    }

    private void Publish(ConfigLoadResult result)
    {
        if (result.Snapshot!.Version == source.Current.Version)
        {
            return;
        }

        foreach (var warning in result.Warnings)
        {
            Log.ConfigWarning(logger, warning.ToString());
        }

        source.Publish(result.Snapshot);
        Log.ConfigReloaded(logger, result.Snapshot.Version, result.Snapshot.Providers.Count, result.Snapshot.Rules.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, EventName = "ConfigReloaded", Level = LogLevel.Information,
            Message = "Config reloaded: version {ConfigVersion}, {ProviderCount} providers, {RuleCount} rules")]
        public static partial void ConfigReloaded(ILogger logger, string configVersion, int providerCount, int ruleCount);

        [LoggerMessage(EventId = 7002, EventName = "ConfigRejected", Level = LogLevel.Error,
            Message = "Config change rejected; version {ConfigVersion} stays in force. {Errors}")]
        public static partial void ConfigRejected(ILogger logger, string configVersion, string errors);

        [LoggerMessage(EventId = 7005, EventName = "ConfigWatchFailed", Level = LogLevel.Error,
            Message = "Checking the config files failed; the current config stays in force")]
        public static partial void ConfigWatchFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7003, EventName = "ConfigWarning", Level = LogLevel.Warning, Message = "Config warning: {Warning}")]
        public static partial void ConfigWarning(ILogger logger, string warning);
    }
}
