using Latchkey.Yaml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Config;

/// <summary>
/// Loads the config synchronously when the snapshot source is first resolved (hosted services are
/// built before the server starts), so an invalid config stops the process before it listens.
/// </summary>
internal static partial class ConfigStartupLoader
{
    public static ConfigSnapshotSource Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LatchkeyConfigOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConfigStartupLoader).FullName!);
        var directory = Path.GetFullPath(options.ConfigDir, environment.ContentRootPath);

        var result = ConfigLoader.Load(directory);
        foreach (var warning in result.Warnings)
        {
            Log.ConfigWarning(logger, warning.ToString());
        }

        if (!result.Succeeded)
        {
            var exception = new ConfigValidationException(result.Errors);
            Log.ConfigInvalid(logger, directory, exception.Message);
            throw exception;
        }

        Log.ConfigLoaded(logger, directory, result.Snapshot.Version, result.Snapshot.Providers.Count, result.Snapshot.Rules.Count);
        return new ConfigSnapshotSource(result.Snapshot, directory);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7000, EventName = "ConfigInvalid", Level = LogLevel.Critical,
            Message = "Config in {ConfigDir} is invalid; refusing to start. {Errors}")]
        public static partial void ConfigInvalid(ILogger logger, string configDir, string errors);

        [LoggerMessage(EventId = 7003, EventName = "ConfigWarning", Level = LogLevel.Warning, Message = "Config warning: {Warning}")]
        public static partial void ConfigWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 7004, EventName = "ConfigLoaded", Level = LogLevel.Information,
            Message = "Config loaded from {ConfigDir}: version {ConfigVersion}, {ProviderCount} providers, {RuleCount} rules")]
        public static partial void ConfigLoaded(ILogger logger, string configDir, string configVersion, int providerCount, int ruleCount);
    }
}
