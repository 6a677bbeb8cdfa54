using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Hosting;

/// <summary>Host-wide services and server limits.</summary>
public static class HostingServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyHosting(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PublicUrl>();
        services.AddOptionsWithValidateOnStart<KestrelHardeningOptions, KestrelHardeningOptionsValidator>()
            .BindConfiguration(KestrelHardeningOptions.SectionName);
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelHardening>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, AgentConnectionDefaults>();
        return services;
    }
}
