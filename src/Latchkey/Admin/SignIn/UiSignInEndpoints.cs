using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin.SignIn;

/// <summary><c>GET /v1/ui/signin</c>: sends the browser to the IdP; it comes back to <c>/v1/ui/signin-oidc</c> and then the approvals page.</summary>
public static class UiSignInEndpoints
{
    public static IEndpointRouteBuilder MapLatchkeyUiSignIn(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(UiSignInDefaults.SignInPath, SignInAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static Task SignInAsync(HttpContext context, IOptions<UiSignInOptions> signIn)
    {
        if (!signIn.Value.OidcEnabled)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        // A fixed return address: nothing from the request decides where the browser goes after the IdP.
        return context.ChallengeAsync(UiSignInDefaults.OidcScheme, new AuthenticationProperties { RedirectUri = $"{ApprovalsPage.BasePath}/approvals" });
    }
}
