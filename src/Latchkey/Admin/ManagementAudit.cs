using Latchkey.Audit;
using Latchkey.Hosting;

namespace Latchkey.Admin;

/// <summary>Writes the admin audit event of a state-changing management call (allowed or refused).</summary>
internal sealed partial class ManagementAudit
{
    public const string SessionCreate = "session.create";
    public const string SessionRevoke = "session.revoke";
    public const string ApprovalApprove = "approval.approve";
    public const string ApprovalDeny = "approval.deny";
    public const string UiSignIn = "ui.signin";
    public const string UiSignOut = "ui.signout";

    /// <summary>A chat callback refused before it named a decision (bad signature, unknown approver, not an action).</summary>
    public const string ApprovalSlackAction = "approval.slack_action";

    private readonly IAuditTrail _trail;
    private readonly TimeProvider _time;
    private readonly ILogger<ManagementAudit> _logger;

    public ManagementAudit(IAuditTrail trail, TimeProvider time, ILogger<ManagementAudit> logger)
    {
        _trail = trail;
        _time = time;
        _logger = logger;
    }

    /// <summary>False when the audit buffer cannot be written: the change must not be made.</summary>
    public bool IsWritable => _trail.IsWritable;

    public void Write(
        HttpContext context,
        ManagementCaller caller,
        string action,
        string decision,
        int status,
        string? target = null,
        string? reason = null,
        string? agentId = null,
        string? sessionId = null,
        string? revocation = null,
        string? channel = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        WriteEvent(context, caller.Tenant, caller.UserId, action, decision, status, target, reason, agentId, sessionId, revocation, channel);
    }

    /// <summary>
    /// A sign-in to the pages, which may have no proven identity yet: <paramref name="tenant"/> and
    /// <paramref name="userId"/> only as the IdP's signed id_token named them, else null.
    /// </summary>
    public void WriteSignIn(HttpContext context, string action, string decision, int status, string? tenant, string? userId, string? reason) =>
        WriteEvent(context, tenant, userId, action, decision, status, target: null, reason, agentId: null, sessionId: null, revocation: null, channel: null);

    /// <summary>
    /// A decision (or refused attempt) through a chat platform's signed callback, whose approver is
    /// named by the platform rather than a management token: <paramref name="tenant"/> and
    /// <paramref name="userId"/> as the callback and the approver list name them, null when refused
    /// before either was known. The event names the approval's agent and session when it was found.
    /// </summary>
    public void WriteChatCallback(
        HttpContext context, string channel, string action, string decision, int status, string? tenant, string? userId, string? reason,
        Approvals.ApprovalRecord? approval = null, string? target = null) =>
        WriteEvent(context, tenant, userId, action, decision, status, approval?.Id ?? target, reason, approval?.AgentId, approval?.SessionId, revocation: null, channel);

    private void WriteEvent(
        HttpContext context,
        string? tenant,
        string? userId,
        string action,
        string decision,
        int status,
        string? target,
        string? reason,
        string? agentId,
        string? sessionId,
        string? revocation,
        string? channel)
    {
        ArgumentNullException.ThrowIfNull(context);
        var auditEvent = new AuditEvent
        {
            EventType = AuditEvent.AdminEventType,
            Timestamp = _time.GetUtcNow(),
            RequestId = context.GetRequestId(),
            Tenant = tenant,
            UserId = userId,
            AgentId = agentId,
            // Session calls target a session; other calls name the session they concern explicitly.
            SessionId = sessionId ?? (action.StartsWith("session.", StringComparison.Ordinal) ? target : null),
            Method = context.Request.Method,
            Decision = decision,
            Reason = reason,
            Status = status,
            ClientIp = context.Connection.RemoteIpAddress?.ToString(),
            Action = action,
            Target = target,
            Revocation = revocation,
            Channel = channel,
        };
        if (!_trail.TryWrite(auditEvent))
        {
            Log.AuditWriteFailed(_logger, action);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6010, EventName = "AdminAuditWriteFailed", Level = LogLevel.Error,
            Message = "Admin audit event for {Action} could not be written")]
        public static partial void AuditWriteFailed(ILogger logger, string action);
    }
}
