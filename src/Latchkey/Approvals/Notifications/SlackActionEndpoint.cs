using Latchkey.Admin;
using Latchkey.Audit;
using Latchkey.Credentials;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Stores;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// <c>POST /v1/approvals/slack/actions</c>, Slack's interactivity callback for the Approve and Deny
/// buttons. No bearer token: the request is trusted only through Slack's signature
/// (<see cref="SlackSignatureVerifier"/>), and the clicking Slack user only through the tenant's
/// <c>Slack:Approvers</c> list, which names the Latchkey user they decide as. The decision goes
/// through the same <see cref="ApprovalService"/> as the page and the API, audited with channel
/// <c>slack</c>; every refusal is audited too.
/// </summary>
internal static class SlackActionEndpoint
{
    public const string Path = "/v1/approvals/slack/actions";

    // Slack's block_actions payloads carry the whole message: tens of KiB at most.
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapSlackActions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task HandleAsync(
        HttpContext context,
        IOptions<ApprovalNotificationOptions> options,
        ISecretResolver secrets,
        SlackSignatureVerifier verifier,
        ApprovalService approvals,
        ManagementAudit audit)
    {
        var slack = options.Value.Slack;
        if (!slack.IsInteractive)
        {
            await RefuseAsync(context, audit, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Slack callbacks are not configured.");
            return;
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await RefuseAsync(context, audit, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The callback body is too large.");
            return;
        }

        if (!audit.IsWritable)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
                "Slack callbacks cannot be handled right now; decide on the approvals page.");
            return;
        }

        // An unset variable or an unreachable vault: nothing can be verified, so nothing is decided.
        var signingSecret = await secrets.ResolveAsync(SecretReference.Parse(slack.SigningSecret!), context.RequestAborted);
        if (string.IsNullOrEmpty(signingSecret))
        {
            audit.WriteChatCallback(context, ApprovalDecisionChannels.Slack, ManagementAudit.ApprovalSlackAction, AuditDecisions.Failed,
                StatusCodes.Status503ServiceUnavailable, null, null, ErrorCodes.CredentialUnavailable);
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.CredentialUnavailable,
                "The Slack signing secret cannot be read right now; decide on the approvals page.");
            return;
        }

        var headers = context.Request.Headers;
        var check = verifier.Verify(signingSecret, headers[SlackSignatureVerifier.TimestampHeader].ToString(), headers[SlackSignatureVerifier.SignatureHeader].ToString(), body);
        if (check != SlackSignatureCheck.Valid)
        {
            await RefuseAsync(context, audit, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "The request is not signed by Slack.", reason: "slack_signature_" + check.ToString().ToLowerInvariant());
            return;
        }

        var form = new FormReader(System.Text.Encoding.UTF8.GetString(body)).ReadForm();
        if (SlackAction.Parse(form.TryGetValue("payload", out var payload) ? payload.ToString() : null) is not { } action)
        {
            await RefuseAsync(context, audit, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, "Not a Latchkey Approve or Deny action.");
            return;
        }

        if (!slack.Approvers.TryGetValue(action.Tenant, out var approvers) || !approvers.TryGetValue(action.SlackUserId, out var approver))
        {
            await RefuseAsync(context, audit, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "This Slack user may not decide this tenant's approvals.", action.Tenant, "slack:" + action.SlackUserId, "slack_approver_unknown", action.ApprovalId);
            return;
        }

        await DecideAsync(context, approvals, audit, action, approver);
    }

    private static async Task DecideAsync(HttpContext context, ApprovalService approvals, ManagementAudit audit, SlackAction action, SlackApprover approver)
    {
        var auditAction = action.Approve ? ManagementAudit.ApprovalApprove : ManagementAudit.ApprovalDeny;
        try
        {
            var (result, approval) = await approvals.DecideAsync(action.Tenant, action.ApprovalId, action.Approve, approver.UserId, approver.Admin, null, context.RequestAborted);
            var (status, code) = ApprovalDecisionAnswer.For(result);
            audit.WriteChatCallback(context, ApprovalDecisionChannels.Slack, auditAction, code is null ? AuditDecisions.Allowed : AuditDecisions.Denied, status,
                action.Tenant, approver.UserId, code, approval, action.ApprovalId);
            if (code is null)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            await ErrorResponseWriter.WriteAsync(context, status, code, status == StatusCodes.Status404NotFound ? "No such approval." : "This approval is no longer pending.");
        }
        catch (StoreUnavailableException)
        {
            audit.WriteChatCallback(context, ApprovalDecisionChannels.Slack, auditAction, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable,
                action.Tenant, approver.UserId, ErrorCodes.StoreUnavailable, target: action.ApprovalId);
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
                "The approval store is unavailable; try again later.");
        }
    }

    private static Task RefuseAsync(
        HttpContext context, ManagementAudit audit, int status, string code, string message,
        string? tenant = null, string? userId = null, string? reason = null, string? target = null)
    {
        audit.WriteChatCallback(context, ApprovalDecisionChannels.Slack, ManagementAudit.ApprovalSlackAction, AuditDecisions.Denied, status, tenant, userId, reason ?? code, target: target);
        return ErrorResponseWriter.WriteAsync(context, status, code, message);
    }

    /// <summary>The raw body (the signature covers its exact bytes), or null when it is over the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
