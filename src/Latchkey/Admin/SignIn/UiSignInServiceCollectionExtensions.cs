using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin.SignIn;

/// <summary>Registers the page sign-in: validated <see cref="UiSignInOptions"/>, the session cookie and, when configured, OpenID Connect.</summary>
public static class UiSignInServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyUiSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(UiSignInOptions.SectionName);
        services.AddOptionsWithValidateOnStart<UiSignInOptions, UiSignInOptionsValidator>().Bind(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CookieAuthenticationOptions>, UiCookieOptionsSetup>());
        var authentication = services.AddAuthentication().AddCookie(UiSignInDefaults.CookieScheme, _ => { });

        // Only a configured client gets the scheme: the authentication middleware asks every remote
        // scheme about every request, and an OIDC scheme without an authority cannot answer.
        if (!string.IsNullOrWhiteSpace(section[nameof(UiSignInOptions.ClientId)]))
        {
            services.TryAddSingleton<UiOidcEvents>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<OpenIdConnectOptions>, UiOidcOptionsSetup>());
            authentication.AddOpenIdConnect(UiSignInDefaults.OidcScheme, _ => { });
        }

        return services;
    }
}
