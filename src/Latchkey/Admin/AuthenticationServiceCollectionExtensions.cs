using Latchkey.Sessions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>Registers both authentication schemes and their authorization policies.</summary>
public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Adds validated <see cref="AdminOptions"/>, the management JWT bearer scheme, the AgentSession scheme,
    /// the policies <see cref="ManagementPolicies.Management"/> and <see cref="AgentSessionDefaults.PolicyName"/>, and
    /// <c>ManagementAudit</c> (needs an <c>IAuditTrail</c> registered by the audit part).
    /// Call <c>AddLatchkeySessions</c> too: the AgentSession scheme resolves tokens through it.
    /// </summary>
    public static IServiceCollection AddLatchkeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<AdminOptions, AdminOptionsValidator>()
            .Bind(configuration.GetSection(AdminOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, ManagementJwtBearerOptionsSetup>());
        services.AddHostedService<AdminConfigurationWarning>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ManagementAudit>();

        services.AddAuthentication()
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { })
            .AddScheme<AgentSessionAuthenticationOptions, AgentSessionAuthenticationHandler>(
                AgentSessionDefaults.AuthenticationScheme, _ => { });

        services.AddAuthorizationBuilder()
            .AddPolicy(ManagementPolicies.Management, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(AgentSessionDefaults.PolicyName, policy => policy
                .AddAuthenticationSchemes(AgentSessionDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(ManagementPolicies.ManagementOrAgent, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, AgentSessionDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser());
        return services;
    }
}
