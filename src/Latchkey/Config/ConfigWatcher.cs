using Latchkey.Yaml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Config;

/// <summary>
/// Polls the config files and applies a change only once both files have stayed the same
/// (length, last write time and SHA-256 of the content) for the settle window, so a file written
/// in place is never live half written. An invalid settled change (or a deleted or unreadable
/// file) is logged and the last good snapshot stays in force.
/// </summary>
internal sealed partial class ConfigWatcher(
    ConfigSnapshotSource source, IOptions<ConfigReloadOptions> options, TimeProvider timeProvider, ILogger<ConfigWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    // A change that has not settled after this many settle windows is probably a writer that
    // never stops (a log, a sync loop): say so once, keep waiting.
    private const int StillChangingAfterWindows = 10;

    private readonly TimeSpan _settleTime = options.Value.SettleTime;
    private ConfigFileSet? _lastRead;
    private long _unchangedSince;
    private string? _handledContent;
    private long? _pendingSince;
    private bool _warnedStillChanging;

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
        var files = ConfigFileSet.Read(source.ConfigDirectory);
        var now = timeProvider.GetTimestamp();
        if (!files.SameAs(_lastRead))
        {
            _unchangedSince = now;
        }

        _lastRead = files;
        if (files.Version == source.Current.Version)
        {
            // Back to what is live: a later write of the content refused before is a new
            // attempt, and is refused (and logged) again.
            _handledContent = null;
            _pendingSince = null;
            return;
        }

        if (files.ContentKey == _handledContent)
        {
            // What is live (or was already refused) is on disk: nothing is waiting.
            _pendingSince = null;
            return;
        }

        if (_pendingSince is not { } pendingSince)
        {
            _pendingSince = now;
            _warnedStillChanging = false;
            Log.ConfigChangePending(logger, _settleTime, source.Current.Version);
            return;
        }

        if (timeProvider.GetElapsedTime(_unchangedSince, now) < _settleTime)
        {
            WarnIfStillChanging(timeProvider.GetElapsedTime(pendingSince, now));
            return;
        }

        // Parse exactly the bytes that were seen unchanged across the window, never a fresh read.
        _pendingSince = null;
        _handledContent = files.ContentKey;
        var result = ConfigLoader.Parse(files);
        if (result.Succeeded)
        {
            Publish(result);
        }
        else
        {
            Log.ConfigRejected(logger, source.Current.Version, string.Join(Environment.NewLine, result.Errors));
        }
    }

    private void WarnIfStillChanging(TimeSpan pendingFor)
    {
        if (!_warnedStillChanging && pendingFor >= _settleTime * StillChangingAfterWindows)
        {
            _warnedStillChanging = true;
            Log.ConfigStillChanging(logger, pendingFor, _settleTime, source.Current.Version);
        }
    }

    private void Publish(ConfigLoadResult result)
    {
        foreach (var warning in result.Warnings)
        {
            Log.ConfigWarning(logger, warning.ToString());
        }

        source.Publish(result.Snapshot!);
        Log.ConfigReloaded(logger, result.Snapshot!.Version, result.Snapshot.Providers.Count, result.Snapshot.Rules.Count);
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

        [LoggerMessage(EventId = 7006, EventName = "ConfigChangePending", Level = LogLevel.Information,
            Message = "Config files changed; applying them once unchanged for {SettleTime}. Version {ConfigVersion} stays in force until then")]
        public static partial void ConfigChangePending(ILogger logger, TimeSpan settleTime, string configVersion);

        [LoggerMessage(EventId = 7007, EventName = "ConfigStillChanging", Level = LogLevel.Warning,
            Message = "Config files have kept changing for {PendingFor} and are not applied until unchanged for {SettleTime}; version {ConfigVersion} stays in force")]
        public static partial void ConfigStillChanging(ILogger logger, TimeSpan pendingFor, TimeSpan settleTime, string configVersion);
    }
}
