using Latchkey.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.DataPlane;

/// <summary>
/// Registers what the data plane's steps own: provider hosts,
/// the request and response transforms, the audit step and the providers' error envelopes. The
/// steps' other dependencies come from the parts they use (Sessions, RateLimiting, Rules,
/// Approvals, Credentials, Forwarding, Audit, Telemetry), each registered by its own <c>AddLatchkeyX</c>.
/// </summary>
public static class DataPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyDataPlane(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ProviderHostOptions, ProviderHostOptionsValidator>()
            .Configure<IConfiguration>((options, configuration) =>
                options.BaseDomains = ProviderHostOptions.Read(configuration.GetSection(ProviderHostOptions.SectionName)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProviderHostMatcher>();
        services.TryAddSingleton<UpstreamTransformerFactory>();
        services.TryAddSingleton<DataPlaneAudit>();
        services.TryAddSingleton<UnhandledExceptionResponder>();
        services.TryAddSingleton<IErrorEnvelopeSource, ProviderErrorEnvelopeSource>();
        return services;
    }
}
