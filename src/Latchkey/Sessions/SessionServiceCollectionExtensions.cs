using Latchkey.Stores.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Sessions;

/// <summary>Registers the session part: options, store and service.</summary>
public static class SessionServiceCollectionExtensions
{
    /// <summary>
    /// Adds validated <see cref="SessionOptions"/>, the in-memory <see cref="ISessionStore"/> unless one is
    /// registered already, <see cref="TimeProvider.System"/> unless one is registered, and the session service.
    /// </summary>
    public static IServiceCollection AddLatchkeySessions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<SessionOptions, SessionOptionsValidator>()
            .Bind(configuration.GetSection(SessionOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<AgentSessionResolver>();
        return services;
    }
}
