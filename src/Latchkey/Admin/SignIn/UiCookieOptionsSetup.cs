using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin.SignIn;

/// <summary>
/// The session cookie of a person signed in with the IdP: HttpOnly, scoped to <c>/v1/ui</c>,
/// SameSite=Lax (the browser arrives from the IdP's redirect; every form still carries an
/// antiforgery token), Secure over https, a fixed lifetime. It holds only sub, tenant and roles.
/// </summary>
internal sealed class UiCookieOptionsSetup : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    private readonly IOptions<UiSignInOptions> _signIn;

    public UiCookieOptionsSetup(IOptions<UiSignInOptions> signIn)
    {
        _signIn = signIn;
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != UiSignInDefaults.CookieScheme)
        {
            return;
        }

        options.Cookie.Name = UiSignInDefaults.SessionCookieName;
        options.Cookie.Path = ApprovalsPage.BasePath;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = _signIn.Value.SessionLifetime;
        options.SlidingExpiration = false;
        options.LoginPath = UiSignInDefaults.SignInPath;
    }
}
