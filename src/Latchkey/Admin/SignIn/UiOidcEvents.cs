using System.Security.Claims;
using Latchkey.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Admin.SignIn;

/// <summary>
/// Accepts an id_token only when it names the person and the tenant exactly as a management JWT
/// must (<c>sub</c> and the tenant claim single strings, no <c>crit</c>), keeps just sub, tenant
/// and roles in the session, and turns every failure into the sign-in page with a notice. Every
/// outcome is one <c>ui.signin</c> audit event with a reason code; logs and events say why by
/// type only: never a code, token, state or anything the IdP wrote.
/// </summary>
internal sealed partial class UiOidcEvents : OpenIdConnectEvents
{
    public const string FailedNotice = "signin-failed";
    private const string InvalidClaims = "invalid_claims";
    private const string AuditUnavailable = "audit_unavailable";

    private readonly IOptions<AdminOptions> _admin;
    private readonly ManagementAudit _audit;
    private readonly ILogger<UiOidcEvents> _logger;

    public UiOidcEvents(IOptions<AdminOptions> admin, ManagementAudit audit, ILogger<UiOidcEvents> logger)
    {
        _admin = admin;
        _audit = audit;
        _logger = logger;
        OnTokenValidated = ValidateAsync;
        OnRemoteFailure = FailAsync;
    }

    private Task ValidateAsync(TokenValidatedContext context)
    {
        var admin = _admin.Value;
        var caller = context.Principal is null ? null : ManagementCaller.FromPrincipal(context.Principal, admin);
        // The shape check reads the compact token as received (the context's copy is re-parsed for compatibility).
        var raw = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken;
        var token = raw is null ? null : new JsonWebToken(raw);
        if (caller is null || ManagementJwtBearerTokenShape.Problem(token, admin.TenantClaim) is not null)
        {
            Log.IdTokenRefused(_logger);
            var subjects = context.Principal?.FindAll("sub").ToList() ?? [];
            var shapeOk = token is not null && ManagementJwtBearerTokenShape.Problem(token, "sub") is null;
            context.HttpContext.Features.Set(new UiSignInRefusal(InvalidClaims, shapeOk && subjects.Count == 1 ? subjects[0].Value : null));
            context.Fail("The id_token does not name one user and one tenant.");
            return Task.CompletedTask;
        }

        // A sign-in that cannot be audited does not happen (as a management change would not).
        if (!_audit.IsWritable)
        {
            context.HttpContext.Features.Set(new UiSignInRefusal(AuditUnavailable, caller.UserId));
            context.Fail("The audit trail cannot be written.");
            return Task.CompletedTask;
        }

        var identity = new ClaimsIdentity(UiSignInDefaults.OidcScheme, "sub", admin.RolesClaim);
        identity.AddClaim(new Claim("sub", caller.UserId));
        identity.AddClaim(new Claim(admin.TenantClaim, caller.Tenant));
        foreach (var role in caller.Roles.Order(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(admin.RolesClaim, role));
        }

        context.Principal = new ClaimsPrincipal(identity);
        context.Properties!.IsPersistent = false;
        Log.SignedIn(_logger, caller.Tenant, caller.UserId);
        _audit.WriteSignIn(context.HttpContext, ManagementAudit.UiSignIn, AuditDecisions.Allowed, StatusCodes.Status303SeeOther,
            caller.Tenant, caller.UserId, reason: null);
        return Task.CompletedTask;
    }

    private Task FailAsync(RemoteFailureContext context)
    {
        // The exception type says why (state, correlation, nonce, signature) without any of their values.
        var failureType = context.Failure?.GetType().Name ?? "unknown";
        var refusal = context.HttpContext.Features.Get<UiSignInRefusal>();
        var reason = refusal?.Reason ?? ReasonOf(context);
        Log.SignInFailed(_logger, reason, failureType);
        _audit.WriteSignIn(context.HttpContext, ManagementAudit.UiSignIn, AuditDecisions.Denied, StatusCodes.Status303SeeOther,
            tenant: null, refusal?.UserId, reason);
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"{ApprovalsPage.BasePath}/approvals?notice={FailedNotice}";
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    /// <summary>
    /// The audit reason of a failure the OIDC handler found, from the failure's type and stage
    /// (RemoteAuthenticationHandler gives no code): never its message, which may quote the IdP.
    /// </summary>
    private static string ReasonOf(RemoteFailureContext context) => context.Failure switch
    {
        OpenIdConnectProtocolInvalidNonceException => "invalid_nonce",
        OpenIdConnectProtocolException when context.Request.Query.ContainsKey("error") => "idp_error",
        OpenIdConnectProtocolException => "token_request_failed",
        SecurityTokenException => "invalid_id_token",
        // No properties: the state was missing or could not be unprotected (tampered, another key ring).
        _ when context.Properties is null => "invalid_state",
        // The state was ours, but this browser holds no correlation cookie for it.
        AuthenticationFailureException { Message: "Correlation failed." } => "correlation_failed",
        _ => "sign_in_failed",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, EventName = "UiSignedIn", Level = LogLevel.Information,
            Message = "Signed in to the pages with the IdP: tenant {Tenant}, user {UserId}")]
        public static partial void SignedIn(ILogger logger, string tenant, string userId);

        [LoggerMessage(EventId = 6202, EventName = "UiSignInFailed", Level = LogLevel.Information,
            Message = "Sign-in to the pages with the IdP failed: {Reason} ({FailureType})")]
        public static partial void SignInFailed(ILogger logger, string reason, string failureType);

        [LoggerMessage(EventId = 6203, EventName = "UiIdTokenRefused", Level = LogLevel.Information,
            Message = "Sign-in refused: the id_token has no single-string sub or tenant claim, or a crit header")]
        public static partial void IdTokenRefused(ILogger logger);
    }
}
