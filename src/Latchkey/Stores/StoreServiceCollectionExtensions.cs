using Latchkey.Approvals;
using Latchkey.Credentials;
using Latchkey.Credentials.KeyRing;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Sessions;
using Latchkey.Stores.Caching;
using Latchkey.Stores.Redis;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Stores;

/// <summary>
/// Chooses where state lives. With <c>Latchkey:Redis</c> set, every store, the Data Protection
/// key ring, cache invalidation and the refresh lease use Redis; otherwise the parts register
/// their in-memory stores themselves. Call before the parts' own registrations.
/// </summary>
public static class StoreServiceCollectionExtensions
{
    public const string RedisConfigurationKey = "Latchkey:Redis";

    public static IServiceCollection AddLatchkeyStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<StoreCacheOptions, StoreCacheOptionsValidator>()
            .Bind(configuration.GetSection(StoreCacheOptions.SectionName));
        services.AddHostedService<StoreModeAnnouncement>();
        AddKeyRingEncryption(services, configuration);

        var redis = configuration[RedisConfigurationKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.TryAddSingleton<IStoreChangeFeed, LocalStoreChangeFeed>();
            services.TryAddSingleton<IRefreshLease, LocalRefreshLease>();
            return services;
        }

        services.AddSingleton(new RedisStoreOptions(redis));
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisStoreChangeFeed>();
        services.AddSingleton<IStoreChangeFeed>(sp => sp.GetRequiredService<RedisStoreChangeFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisStoreChangeFeed>());
        services.AddSingleton<RedisSessionStore>();
        services.AddSingleton<ISessionStore>(sp => ActivatorUtilities.CreateInstance<CachingSessionStore>(
            sp, sp.GetRequiredService<RedisSessionStore>()));
        services.AddSingleton<IConnectionStore, RedisConnectionStore>();
        services.AddSingleton<IConnectFlowStore, RedisConnectFlowStore>();
        services.AddSingleton<IApprovalStore, RedisApprovalStore>();
        services.AddSingleton<IRegisteredClientStore, RedisRegisteredClientStore>();
        services.AddSingleton<IRefreshLease, RedisRefreshLease>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<RedisConnection>((options, connection) => options.XmlRepository = new RedisXmlRepository(connection));
        return services;
    }

    private static void AddKeyRingEncryption(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(KeyRingOptions.SectionName);
        services.AddOptions<KeyRingOptions>().Bind(section);
        services.TryAddSingleton<KeyEncryptionKey>();

        // Before Data Protection's own hosted service loads the key ring.
        services.AddHostedService<KeyRingProtection>();
        if (!string.IsNullOrWhiteSpace(section[nameof(KeyRingOptions.EncryptionKey)]))
        {
            services.AddOptions<KeyManagementOptions>()
                .Configure<KeyEncryptionKey>((options, key) => options.XmlEncryptor = new AesGcmXmlEncryptor(key));
        }
    }
}
