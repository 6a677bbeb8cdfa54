using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Latchkey.Admin.SignIn;

/// <summary>Who is signed in to the pages: the IdP session cookie, else (where allowed) the pasted management JWT.</summary>
internal static class UiCaller
{
    public static async Task<ManagementCaller?> AuthenticateAsync(HttpContext context, AdminOptions admin, UiSignInOptions signIn)
    {
        if (signIn.OidcEnabled)
        {
            var session = await context.AuthenticateAsync(UiSignInDefaults.CookieScheme);
            if (session.Succeeded && ManagementCaller.FromPrincipal(session.Principal, admin) is { } caller)
            {
                return caller;
            }
        }

        if (!signIn.TokenPasteAllowed)
        {
            return null;
        }

        var pasted = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        return pasted.Succeeded ? ManagementCaller.FromPrincipal(pasted.Principal, admin) : null;
    }

    /// <summary>Ends the IdP session cookie (the IdP's own session is left alone).</summary>
    public static Task SignOutAsync(HttpContext context, UiSignInOptions signIn) =>
        signIn.OidcEnabled ? context.SignOutAsync(UiSignInDefaults.CookieScheme) : Task.CompletedTask;
}
