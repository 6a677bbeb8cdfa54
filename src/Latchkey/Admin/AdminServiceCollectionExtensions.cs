using Latchkey.Sessions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>Registers the management side: both authentication schemes, their authorization policies and the approvals page's forms.</summary>
public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// Adds validated <see cref="AdminOptions"/>, the management JWT bearer scheme, the AgentSession scheme,
    /// the policies <see cref="ManagementPolicies.Management"/> and <see cref="AgentSessionDefaults.PolicyName"/>,
    /// <c>ManagementAudit</c> (needs an <c>IAuditTrail</c> registered by the audit part) and antiforgery for
    /// <see cref="ApprovalsPage"/>. Call <c>AddLatchkeySessions</c> too: the AgentSession scheme resolves tokens through it.
    /// </summary>
    public static IServiceCollection AddLatchkeyAdmin(this IServiceCollection services, IConfiguration configuration)
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

        // The approvals page's forms; tokens are protected by the same Data Protection key ring.
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "latchkey_ui_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.Path = ApprovalsPage.BasePath;
        });
        return services;
    }
}
