using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin.SignIn;

/// <summary><c>GET /v1/ui/signin</c>: sends the browser to the IdP; it comes back to <c>/v1/ui/signin-oidc</c> and then the approvals page (or, with <c>?return=connections</c>, the connections page).</summary>
public static class UiSignInEndpoints
{
    public static IEndpointRouteBuilder MapLatchkeyUiSignIn(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(UiSignInDefaults.SignInPath, SignInAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static Task SignInAsync(HttpContext context, IOptions<UiSignInOptions> signIn, [FromQuery(Name = "return")] string? returnTo)
    {
        if (!signIn.Value.OidcEnabled)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        // A fixed return address per page: nothing from the request but the choice of one of Latchkey's pages decides where the browser goes after the IdP.
        var page = returnTo == "connections" ? ConnectionsPage.Path : $"{ApprovalsPage.BasePath}/approvals";
        return context.ChallengeAsync(UiSignInDefaults.OidcScheme, new AuthenticationProperties { RedirectUri = page });
    }
}
