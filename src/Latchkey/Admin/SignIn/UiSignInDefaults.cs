namespace Latchkey.Admin.SignIn;

/// <summary>Scheme names and paths of the page sign-in.</summary>
public static class UiSignInDefaults
{
    /// <summary>The signed-in person's session cookie (after OIDC sign-in).</summary>
    public const string CookieScheme = "LatchkeyUi";

    /// <summary>OpenID Connect against the management authority.</summary>
    public const string OidcScheme = "LatchkeyOidc";

    public const string SignInPath = ApprovalsPage.BasePath + "/signin";

    /// <summary>The redirect_uri registered at the IdP: <c>{PublicUrl}/v1/ui/signin-oidc</c>.</summary>
    public const string CallbackPath = ApprovalsPage.BasePath + "/signin-oidc";

    public const string SessionCookieName = "latchkey_ui_session";
}
