using Latchkey.Credentials.OAuth;
using Latchkey.Stores.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Credentials;

/// <summary>Registers users' connections: the connect flow, the OAuth token client, refresh and the idle refresher.</summary>
public static class ConnectionServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyConnections(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConnectFlowStore, InMemoryConnectFlowStore>();
        services.TryAddSingleton<OAuthTokenClient>();
        services.TryAddSingleton<UserTokenRefresher>();
        services.TryAddSingleton<ConnectFlowService>();
        services.AddHostedService<IdleConnectionRefresher>();
        return services;
    }
}
