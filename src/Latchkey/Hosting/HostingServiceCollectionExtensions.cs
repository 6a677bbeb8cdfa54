using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Hosting;

/// <summary>Host-wide services and server limits.</summary>
public static class HostingServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyHosting(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
        return services;
    }
}
