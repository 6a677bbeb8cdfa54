using Latchkey.Admin.SignIn;
using Latchkey.Approvals;
using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Stores;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// A small server-rendered page where a signed-in human sees pending approvals (with a masked
/// body preview) and approves or denies them. Sign-in takes the same management JWT as the API,
/// kept in an HttpOnly, SameSite=Strict cookie scoped to this page; every form carries an
/// antiforgery token; no script runs (the CSP forbids it).
/// </summary>
public static class ApprovalsPage
{
    public const string BasePath = "/v1/ui";
    public const string CookieName = "latchkey_ui";
    private const int MaxTokenLength = 16 * 1024;

    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["approved"] = "Approved. The agent can now send its request again.",
        ["denied"] = "Denied.",
        ["gone"] = "That approval is no longer pending.",
        ["signin"] = "That token was not accepted. Paste a valid management token.",
        [UiOidcEvents.FailedNotice] = "Signing in with your organisation did not succeed. Try again, or ask an administrator.",
        ["forbidden"] = "Only the session's user or a tenant admin can decide this approval.",
    };

    public static IEndpointRouteBuilder MapLatchkeyApprovalsPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet($"{BasePath}/approvals", ShowAsync);
        endpoints.MapPost($"{BasePath}/login", SignInAsync);
        endpoints.MapPost($"{BasePath}/logout", SignOutAsync);
        endpoints.MapPost($"{BasePath}/approvals/{{id}}/{{verb}}", DecideAsync);
        return endpoints;
    }

    private static async Task ShowAsync(
        HttpContext context, IAntiforgery antiforgery, ApprovalService approvals, IOptions<AdminOptions> admin, IOptions<UiSignInOptions> signIn, string? notice)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var message = notice is not null && Notices.TryGetValue(notice, out var text) ? text : null;
        var caller = await UiCaller.AuthenticateAsync(context, admin.Value, signIn.Value);
        if (caller is null)
        {
            await WriteHtmlAsync(context, ApprovalsPageHtml.SignIn(tokens, message, signIn.Value.OidcEnabled, signIn.Value.TokenPasteAllowed));
            return;
        }

        IReadOnlyList<ApprovalRecord> pending;
        try
        {
            pending = await approvals.ListAsync(caller.Tenant, caller.CanReadTenantSessions ? null : caller.UserId, ApprovalStatus.Pending, context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            await WriteUnavailableAsync(context);
            return;
        }

        await WriteHtmlAsync(context, ApprovalsPageHtml.List(tokens, caller, pending, message));
    }

    private static async Task SignInAsync(HttpContext context, IAntiforgery antiforgery, IOptions<UiSignInOptions> signIn)
    {
        if (!signIn.Value.TokenPasteAllowed)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            context.Response.Redirect($"{BasePath}/approvals?notice=signin", permanent: false);
            return;
        }

        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = BasePath,
            MaxAge = TimeSpan.FromHours(8),
        });
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"{BasePath}/approvals";
    }

    private static async Task SignOutAsync(
        HttpContext context, IAntiforgery antiforgery, ManagementAudit audit, IOptions<AdminOptions> admin, IOptions<UiSignInOptions> signIn)
    {
        if (await antiforgery.IsRequestValidAsync(context))
        {
            if (await UiCaller.AuthenticateAsync(context, admin.Value, signIn.Value) is { } caller)
            {
                audit.WriteSignIn(context, ManagementAudit.UiSignOut, AuditDecisions.Allowed, StatusCodes.Status303SeeOther, caller.Tenant, caller.UserId, reason: null);
            }

            context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = BasePath });
            await UiCaller.SignOutAsync(context, signIn.Value);
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"{BasePath}/approvals";
    }

    private static async Task DecideAsync(
        string id,
        string verb,
        HttpContext context,
        IAntiforgery antiforgery,
        ApprovalService approvals,
        ManagementAudit audit,
        IOptions<AdminOptions> admin,
        IOptions<UiSignInOptions> signIn)
    {
        if (verb is not ("approve" or "deny") || !await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (await UiCaller.AuthenticateAsync(context, admin.Value, signIn.Value) is not { } caller)
        {
            Redirect(context, "signin");
            return;
        }

        if (!audit.IsWritable)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var approve = verb == "approve";
        var action = approve ? ManagementAudit.ApprovalApprove : ManagementAudit.ApprovalDeny;
        ApprovalDecisionResult result;
        ApprovalRecord? approval;
        try
        {
            (result, approval) = await approvals.DecideAsync(caller.Tenant, id, approve, caller.UserId, caller.IsAdmin, form["justification"].ToString(), context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            audit.Write(context, caller, action, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable, reason: ErrorCodes.StoreUnavailable, channel: ApprovalDecisionChannels.Page);
            await WriteUnavailableAsync(context);
            return;
        }

        // The browser is sent back to the list (303) whatever happened, and the event records
        // that status as sent, with the error code the API would have answered as its reason.
        var (_, code) = ApprovalDecisionAnswer.For(result);
        if (code is null)
        {
            audit.Write(context, caller, action, AuditDecisions.Allowed, StatusCodes.Status303SeeOther,
                target: approval!.Id, agentId: approval.AgentId, sessionId: approval.SessionId, channel: ApprovalDecisionChannels.Page);
            Redirect(context, approve ? "approved" : "denied");
            return;
        }

        audit.Write(context, caller, action, AuditDecisions.Denied, StatusCodes.Status303SeeOther, target: approval?.Id, reason: code, channel: ApprovalDecisionChannels.Page);
        Redirect(context, result == ApprovalDecisionResult.NotFound ? "forbidden" : "gone");
    }

    /// <summary>The <c>503</c> page shown while the store cannot be reached (the API answers <c>503 store_unavailable</c>).</summary>
    internal static Task WriteUnavailableAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return WriteHtmlAsync(context, ConnectionsPageHtml.Unavailable("Latchkey's store is unavailable; try again shortly."));
    }

    private static void Redirect(HttpContext context, string notice)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"{BasePath}/approvals?notice={notice}";
    }

    /// <summary>Writes one of the <c>/v1/ui</c> pages with their headers: no script, no framing, no caching, no Referer.</summary>
    /// <param name="formTargets">Origins a form may end up at besides this one (browsers apply <c>form-action</c> to the redirect after a post).</param>
    internal static Task WriteHtmlAsync(HttpContext context, string html, IEnumerable<string>? formTargets = null)
    {
        var headers = context.Response.Headers;
        var formAction = string.Join(' ', formTargets?.Prepend("'self'").Distinct(StringComparer.Ordinal) ?? ["'self'"]);
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'unsafe-inline'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
