using Latchkey.Credentials;
using Latchkey.Credentials.Azure;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>Registers the data plane: YARP's forwarder with an upstream per provider, the pipeline steps and credentials.</summary>
public static class ForwardingServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyForwarding(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ForwardingOptions, ForwardingOptionsValidator>()
            .BindConfiguration("Latchkey:Forwarding");
        services.AddOptionsWithValidateOnStart<Rules.Conditions.RuleInspectionOptions, Rules.Conditions.RuleInspectionOptionsValidator>()
            .BindConfiguration(Rules.Conditions.RuleInspectionOptions.Section);
        services.AddOptionsWithValidateOnStart<ProviderHostOptions, ProviderHostOptionsValidator>()
            .Configure<IConfiguration>((options, configuration) =>
                options.BaseDomains = ProviderHostOptions.Read(configuration.GetSection(ProviderHostOptions.SectionName)));
        services.TryAddSingleton<ProviderHostMatcher>();

        // YARP's forwarder only: routing to a provider is decided from the canonical path (see
        // UpstreamForwardingStep), so YARP's route table and proxy pipeline are not used.
        services.AddHttpForwarder();
        services.TryAddSingleton<IForwarderHttpClientFactory, UpstreamClientFactory>();
        services.TryAddSingleton<UpstreamTransformerFactory>();
        services.TryAddSingleton<UpstreamDirectory>();
        services.TryAddSingleton<PolicySnapshotProvider>();
        services.TryAddSingleton<DataPlaneAudit>();
        services.TryAddSingleton<IErrorEnvelopeSource, ProviderErrorEnvelopeSource>();
        services.TryAddSingleton<PublicUrl>();
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
        // POST could carry client credentials to another host) and never use cookies.
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
            });
        return services;
    }
}
