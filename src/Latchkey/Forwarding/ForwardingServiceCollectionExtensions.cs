using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>Registers the upstream side: YARP's forwarder, one pooled client per provider and the upstream directory.</summary>
public static class ForwardingServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyForwarding(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ForwardingOptions, ForwardingOptionsValidator>()
            .BindConfiguration(ForwardingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // YARP's forwarder only: routing to a provider is decided from the canonical path (see
        // DataPlane/UpstreamForwardingStep), so YARP's route table and proxy pipeline are not used.
        services.AddHttpForwarder();
        services.TryAddSingleton<IForwarderHttpClientFactory, UpstreamClientFactory>();
        services.TryAddSingleton<UpstreamDirectory>();
        return services;
    }
}
