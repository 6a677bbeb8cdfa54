using System.Security.Cryptography;
using Latchkey.Approvals;
using Latchkey.Hosting;
using Latchkey.Rules;
using Latchkey.Sessions;
using Latchkey.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Latchkey.DataPlane;

/// <summary>
/// The human approval gate (CONTRACT §5). A request an <c>approve</c> rule holds is answered
/// 202 with an approval id; once a human approves, the same request re-sent with
/// <c>Latchkey-Approval: id</c> is forwarded exactly once. Other requests pass untouched.
/// </summary>
internal sealed partial class ApprovalGateStep
{
    public const string ApprovalHeader = "Latchkey-Approval";

    private readonly RequestDelegate _next;
    private readonly IApprovalStore _store;
    private readonly TimeProvider _time;
    private readonly ApprovalOptions _options;
    private readonly ILogger<ApprovalGateStep> _logger;
    private readonly LatchkeyMetrics _metrics;

    public ApprovalGateStep(
        RequestDelegate next, IApprovalStore store, TimeProvider time, IOptions<ApprovalOptions> options, ILogger<ApprovalGateStep> logger, LatchkeyMetrics metrics)
    {
        _metrics = metrics;
        _next = next;
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Most requests are not held: pass them on without an async frame of this step's own.
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        return agentRequest.Decision?.Outcome != RuleOutcome.ApprovalRequired || agentRequest.ShadowRefusal is not null
            ? _next(context)
            : GateAsync(context, agentRequest);
    }

    private async Task GateAsync(HttpContext context, AgentRequestFeature agentRequest)
    {
        var body = await RequestBodyHasher.HashAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                "A request held for approval may carry at most 1 MiB of body.");
            return;
        }

        var headers = context.Request.Headers;
        var preview = BodyPreview.Create(body.Content.Span, body.Sha256, headers.ContentType.ToString(), headers.ContentEncoding.ToString());
        if (preview.IsMalformed)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "A request held for approval with a JSON Content-Type must carry exactly one well-formed JSON document: UTF-8, no duplicate keys, at most 64 levels deep.");
            return;
        }

        var subject = new ApprovalSubject(agentRequest.Provider!, agentRequest.Decision!.Rule!.Id, context.Request.Method,
            agentRequest.UpstreamPath!, agentRequest.Query, headers.ContentType, headers.ContentEncoding)
        {
            ToolCall = context.Features.Get<Mcp.ToolCallFeature>(),
        };
        var fingerprint = ApprovalFingerprint.Compute(subject, body.Sha256);
        var session = context.Features.GetRequiredFeature<AgentSessionFeature>().Session;
        var approvalId = headers[ApprovalHeader].ToString();
        if (string.IsNullOrEmpty(approvalId))
        {
            await HoldAsync(context, subject, session, fingerprint, body.Content.Length, preview.Preview);
            return;
        }

        var approval = await _store.GetAsync(session.Tenant, approvalId, context.RequestAborted);

        // Another session's approval, or an unknown id, reads as a mismatch: ids reveal nothing.
        if (approval is null || approval.SessionId != session.Id || !ApprovalFingerprint.Matches(approval.Fingerprint, fingerprint))
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, ErrorCodes.ApprovalMismatch,
                "This approval was granted for a different request.");
            return;
        }

        switch (approval.StatusAt(_time.GetUtcNow()))
        {
            case ApprovalStatus.Pending:
                await WritePendingAsync(context, approval);
                return;
            case ApprovalStatus.Denied:
                await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.ApprovalDenied, "A human denied this request.");
                return;
            case ApprovalStatus.Expired:
                await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.ApprovalExpired, "This approval has expired.");
                return;
            case ApprovalStatus.Used:
                await RefuseAsync(context, StatusCodes.Status409Conflict, ErrorCodes.ApprovalUsed, "This approval has already been used.");
                return;
        }

        var used = approval with { Status = ApprovalStatus.Used };
        if (!await _store.TryUpdateAsync(used, ApprovalStatus.Approved, context.RequestAborted))
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, ErrorCodes.ApprovalUsed, "This approval has already been used.");
            return;
        }

        Log.ApprovalUsed(_logger, approval.Id, approval.RuleId);
        await _next(context);
    }

    private async Task HoldAsync(
        HttpContext context, ApprovalSubject subject, SessionRecord session, string fingerprint, long bodyLength, string? bodyPreview)
    {
        var now = _time.GetUtcNow();
        var approval = new ApprovalRecord
        {
            Id = "apr_" + Base64Url(RandomNumberGenerator.GetBytes(16)),
            Tenant = session.Tenant,
            UserId = session.UserId,
            AgentId = session.AgentId,
            SessionId = session.Id,
            Provider = subject.Provider,
            RuleId = subject.RuleId,
            Method = subject.Method,
            Path = subject.Path,
            Query = PreviewText.Visible(QueryPreview.Mask(subject.Query)),
            ContentType = Shown(subject.ContentType),
            ContentEncoding = Shown(subject.ContentEncoding),
            Fingerprint = fingerprint,
            BodyLength = bodyLength,
            BodyPreview = bodyPreview,
            CreatedAt = now,
            ExpiresAt = now + _options.Ttl,
        };
        await _store.CreateAsync(approval, context.RequestAborted);
        Log.ApprovalRequested(_logger, approval.Id, approval.RuleId);
        _metrics.RecordApprovalRequested(approval.Provider, approval.RuleId);
        await WritePendingAsync(context, approval);
    }

    private static Task WritePendingAsync(HttpContext context, ApprovalRecord approval) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status202Accepted, ErrorCodes.ApprovalRequired,
            "A human must approve this request. Re-send it unchanged with the Latchkey-Approval header once approved.",
            new Dictionary<string, object?> { ["approval_id"] = approval.Id, ["expires_at"] = approval.ExpiresAt });

    private static Task RefuseAsync(HttpContext context, int status, string code, string message) =>
        ErrorResponseWriter.WriteAsync(context, status, code, message);

    private static string? Shown(StringValues header) =>
        header.Count == 0 ? null : PreviewText.Visible(CredentialShapes.MaskAll(header.ToString()));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "ApprovalRequested", Level = LogLevel.Information,
            Message = "Request held for approval {ApprovalId} by rule {RuleId}")]
        public static partial void ApprovalRequested(ILogger logger, string approvalId, string ruleId);

        [LoggerMessage(EventId = 3102, EventName = "ApprovalUsed", Level = LogLevel.Information,
            Message = "Approval {ApprovalId} (rule {RuleId}) used to forward its request")]
        public static partial void ApprovalUsed(ILogger logger, string approvalId, string ruleId);
    }
}
