using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Admin.SignIn;

/// <summary>
/// OpenID Connect for the pages: authorization code with PKCE against <c>Latchkey:Admin:Authority</c>
/// (the authority the management API trusts), asymmetric id_token signatures only, the same issuer
/// check, claims read as the IdP names them (no inbound mapping), no tokens kept after sign-in.
/// </summary>
internal sealed class UiOidcOptionsSetup : IConfigureNamedOptions<OpenIdConnectOptions>
{
    private readonly IOptions<AdminOptions> _admin;
    private readonly IOptions<UiSignInOptions> _signIn;
    private readonly UiOidcEvents _events;

    public UiOidcOptionsSetup(IOptions<AdminOptions> admin, IOptions<UiSignInOptions> signIn, UiOidcEvents events)
    {
        _admin = admin;
        _signIn = signIn;
        _events = events;
    }

    public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != UiSignInDefaults.OidcScheme)
        {
            return;
        }

        var admin = _admin.Value;
        var signIn = _signIn.Value;
        options.Authority = admin.Authority;
        options.RequireHttpsMetadata = admin.Authority?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ?? true;
        options.ClientId = signIn.ClientId;
        options.ClientSecret = string.IsNullOrWhiteSpace(signIn.ClientSecret) ? null : signIn.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;

        // The code comes back on a top-level GET, so SameSite=Lax cookies (correlation, nonce) are sent with it.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CallbackPath = UiSignInDefaults.CallbackPath;
        options.SignInScheme = UiSignInDefaults.CookieScheme;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.UseTokenLifetime = false;
        options.MapInboundClaims = false;
        options.DisableTelemetry = true;
        options.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(5);
        options.Scope.Clear();
        foreach (var scope in signIn.EffectiveScopes)
        {
            options.Scope.Add(scope);
        }

        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.Path = ApprovalsPage.BasePath;
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.HttpOnly = true;
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            NameClaimType = "sub",
            RoleClaimType = admin.RolesClaim,
            ValidAlgorithms = ManagementJwtBearerOptionsSetup.AsymmetricAlgorithms,
            ValidIssuer = string.IsNullOrWhiteSpace(admin.Issuer) ? null : admin.Issuer,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        options.Events = _events;
    }
}
