using Latchkey.Admin.OpenApi;
using Latchkey.Approvals;
using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Sessions;
using Latchkey.Stores;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// <c>/v1/approvals</c>: humans list, read, approve and deny requests held by <c>approve</c>
/// rules; an agent may read the approvals of its own session. Nothing crosses a tenant.
/// </summary>
public static class ApprovalEndpoints
{
    public static IEndpointRouteBuilder MapLatchkeyApprovals(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1/approvals").WithTags("approvals");
        group.MapGet(string.Empty, ListAsync).RequireAuthorization(ManagementPolicies.Management)
            .WithSummary("List the approvals the caller may see; status: pending, approved, denied, used, expired")
            .Produces<List<ApprovalView>>().Refuses(400, 401, 503);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(ManagementPolicies.ManagementOrAgent)
            .WithSummary("Read one approval (its user, tenant readers, or the agent's own session)")
            .Produces<ApprovalView>().Refuses(401, 404, 503);
        group.MapPost("/{id}/approve", (string id, HttpContext context, ApprovalService approvals, ManagementAudit audit, IOptions<AdminOptions> admin) =>
            DecideAsync(id, approve: true, context, approvals, audit, admin.Value)).RequireAuthorization(ManagementPolicies.Management)
            .WithSummary("Approve a held request (its user or a tenant admin)")
            .Reads<ApprovalDecisionRequest>(optional: true).Produces<ApprovalView>().Refuses(400, 401, 404, 409, 503);
        group.MapPost("/{id}/deny", (string id, HttpContext context, ApprovalService approvals, ManagementAudit audit, IOptions<AdminOptions> admin) =>
            DecideAsync(id, approve: false, context, approvals, audit, admin.Value)).RequireAuthorization(ManagementPolicies.Management)
            .WithSummary("Deny a held request (its user or a tenant admin)")
            .Reads<ApprovalDecisionRequest>(optional: true).Produces<ApprovalView>().Refuses(400, 401, 404, 409, 503);
        return endpoints;
    }

    private static async Task ListAsync(HttpContext context, ApprovalService approvals, IOptions<AdminOptions> admin, string? status)
    {
        if (ManagementCaller.FromPrincipal(context.User, admin.Value) is not { } caller)
        {
            await Unauthorized(context);
            return;
        }

        ApprovalStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            // One name exactly (any case): Enum.TryParse would also take "approved,denied", " pending" and numbers.
            if (Enum.GetNames<ApprovalStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase)) is not { } name
                || !Enum.TryParse<ApprovalStatus>(name, out var parsed))
            {
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                    "status must be one of pending, approved, denied, used, expired.");
                return;
            }

            filter = parsed;
        }

        try
        {
            var list = await approvals.ListAsync(caller.Tenant, caller.CanReadTenantSessions ? null : caller.UserId, filter, context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(list.Select(ApprovalView.From).ToList(), ManagementJson.Options);
        }
        catch (StoreUnavailableException)
        {
            await StoreUnavailable(context);
        }
    }

    private static async Task GetAsync(string id, HttpContext context, ApprovalService approvals, IOptions<AdminOptions> admin)
    {
        var agentSession = context.Features.Get<AgentSessionFeature>()?.Session;
        var caller = agentSession is null ? ManagementCaller.FromPrincipal(context.User, admin.Value) : null;
        var tenant = agentSession?.Tenant ?? caller?.Tenant;
        if (tenant is null)
        {
            await Unauthorized(context);
            return;
        }

        ApprovalRecord? approval;
        try
        {
            approval = await approvals.GetAsync(tenant, id, context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            await StoreUnavailable(context);
            return;
        }

        var visible = approval is not null && (agentSession is not null
            ? approval.SessionId == agentSession.Id
            : approval.UserId == caller!.UserId || caller.CanReadTenantSessions);
        if (!visible)
        {
            await NotFound(context);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(ApprovalView.From(approval!), ManagementJson.Options);
    }

    private static async Task DecideAsync(string id, bool approve, HttpContext context, ApprovalService approvals, ManagementAudit audit, AdminOptions admin)
    {
        if (await ManagementChange.BeginAsync(context, audit, admin) is not { } caller)
        {
            return;
        }

        var action = approve ? ManagementAudit.ApprovalApprove : ManagementAudit.ApprovalDeny;
        string? justification = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, _) = await ManagementJson.TryReadAsync<ApprovalDecisionRequest>(context.Request, context.RequestAborted);
            if (body is null)
            {
                audit.Write(context, caller, action, AuditDecisions.Denied, StatusCodes.Status400BadRequest, reason: ErrorCodes.InvalidRequest, channel: ApprovalDecisionChannels.Api);
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                    "The body must be empty or {\"justification\": \"...\"}.");
                return;
            }

            justification = body.Justification;
        }

        try
        {
            var (result, approval) = await approvals.DecideAsync(caller.Tenant, id, approve, caller.UserId, caller.IsAdmin, justification, context.RequestAborted);
            var (status, code) = ApprovalDecisionAnswer.For(result);
            if (code is null)
            {
                audit.Write(context, caller, action, AuditDecisions.Allowed, status,
                    target: approval!.Id, agentId: approval.AgentId, sessionId: approval.SessionId, channel: ApprovalDecisionChannels.Api);
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsJsonAsync(ApprovalView.From(approval), ManagementJson.Options);
                return;
            }

            audit.Write(context, caller, action, AuditDecisions.Denied, status, target: approval?.Id, reason: code, channel: ApprovalDecisionChannels.Api);
            await ErrorResponseWriter.WriteAsync(context, status, code, result switch
            {
                ApprovalDecisionResult.Expired => "This approval has expired.",
                ApprovalDecisionResult.AlreadyDecided => "This approval has already been decided.",
                _ => "No such approval.",
            });
        }
        catch (StoreUnavailableException)
        {
            audit.Write(context, caller, action, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable, reason: ErrorCodes.StoreUnavailable, channel: ApprovalDecisionChannels.Api);
            await StoreUnavailable(context);
        }
    }

    private static Task Unauthorized(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A valid bearer token is required.");

    private static Task NotFound(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such approval.");

    private static Task StoreUnavailable(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
            "The approval store is unavailable; try again later.");
}
