using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Config;

/// <summary>Registers config loading, the snapshot source and the file watcher.</summary>
public static class ConfigServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LatchkeyConfigOptions"/> (from <c>Latchkey:ConfigDir</c>), <see cref="ConfigReloadOptions"/>
    /// (from <c>Latchkey:Config</c>), a singleton
    /// <see cref="IConfigSnapshotSource"/> loaded at start (throws <see cref="ConfigValidationException"/>
    /// on an invalid config) and the <c>ConfigWatcher</c> hosted service.
    /// </summary>
    public static IServiceCollection AddLatchkeyConfig(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptionsWithValidateOnStart<LatchkeyConfigOptions, LatchkeyConfigOptionsValidator>()
            .Bind(configuration.GetSection(LatchkeyConfigOptions.SectionName));
        services.AddOptionsWithValidateOnStart<ConfigReloadOptions, ConfigReloadOptionsValidator>()
            .Bind(configuration.GetSection(ConfigReloadOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ConfigStartupLoader.Create);
        services.TryAddSingleton<IConfigSnapshotSource>(sp => sp.GetRequiredService<ConfigSnapshotSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigWatcher>());
        return services;
    }
}
