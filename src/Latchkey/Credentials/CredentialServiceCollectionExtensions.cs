using Latchkey.Credentials.Azure;
using Latchkey.Credentials.OAuth;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Credentials;

/// <summary>
/// Registers the credentials part: the token vault and its key ring, <see cref="CredentialResolver"/>,
/// agent credential sources, secret resolution, and users' connections (connect flow, OAuth token
/// client, refresh and the idle refresher).
/// </summary>
public static class CredentialServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Embedded mode keeps connections in memory, so their key ring lives there too: no key
        // material is written to disk for tokens that die with the process anyway.
        services.AddDataProtection().SetApplicationName("latchkey");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository ??= new InMemoryXmlRepository());
        services.TryAddSingleton<IConnectionStore, InMemoryConnectionStore>();
        services.TryAddSingleton<ITokenVault, TokenVault>();
        services.TryAddSingleton<CredentialResolver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentCredentialSource, ApiKeyCredentialSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentCredentialSource, ClientCredentialsTokenSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentCredentialSource, AzureCredentialSource>());
        services.TryAddSingleton<IAzureTokenCredentialFactory, AzureTokenCredentialFactory>();
        services.TryAddSingleton<ISecretResolver, SecretResolver>();

        // Token endpoints are called by the proxy itself: never follow a redirect (a redirected
        // POST could carry client credentials to another host) and never use cookies. No client-wide
        // timeout: each caller bounds its own attempt, and one shorter than the refresher's would give
        // up on a slow endpoint and retry, spending a refresh token the provider may have rotated.
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
            });

        services.TryAddSingleton<IConnectFlowStore, InMemoryConnectFlowStore>();
        services.TryAddSingleton<OAuthDiscoveryClient>();
        services.TryAddSingleton<IRegisteredClientStore, InMemoryRegisteredClientStore>();
        services.TryAddSingleton<RegisteredClientVault>();
        services.TryAddSingleton<DynamicClientRegistrationClient>();
        services.TryAddSingleton<RegisteredClientSource>();
        services.TryAddSingleton<OAuthEndpointResolver>();
        services.TryAddSingleton<OAuthTokenClient>();
        services.TryAddSingleton<UserTokenRefresher>();
        services.TryAddSingleton<ConnectFlowService>();
        services.TryAddSingleton<ConnectionDisconnector>();
        services.AddHostedService<IdleConnectionRefresher>();
        return services;
    }
}
