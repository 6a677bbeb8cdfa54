using Latchkey.Audit;
using Latchkey.Hosting;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Writes the audit events of notifications: a delivery dropped (queue full) or given up (dead
/// letter). Never a URL, secret or signature. Slack button callbacks are management actions and
/// are written by <see cref="Admin.ManagementAudit"/> like the approvals page's decisions.
/// </summary>
internal sealed partial class NotificationAudit
{
    public const string NotifyAction = "approval.notify";

    private readonly IAuditTrail _trail;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationAudit> _logger;

    public NotificationAudit(IAuditTrail trail, TimeProvider time, ILogger<NotificationAudit> logger)
    {
        _trail = trail;
        _time = time;
        _logger = logger;
    }

    public bool IsWritable => _trail.IsWritable;

    /// <summary>The queue was full. Written by group commit without waiting: the held request must not slow down.</summary>
    public void Dropped(NotificationDelivery delivery) =>
        _ = WriteAsync(Notification(delivery, "notification_dropped", attempts: 0, lastStatus: null));

    /// <summary>Every attempt failed (or the receiver refused it for good): the delivery is abandoned.</summary>
    public Task DeadLetterAsync(NotificationDelivery delivery, int attempts, int? lastStatus) =>
        WriteAsync(Notification(delivery, "notification_dead_letter", attempts, lastStatus));

    private AuditEvent Notification(NotificationDelivery delivery, string reason, int attempts, int? lastStatus)
    {
        var approval = delivery.Notice.Approval;
        return new AuditEvent
        {
            EventType = AuditEvent.NotificationEventType,
            Timestamp = _time.GetUtcNow(),
            RequestId = delivery.Id,
            Tenant = approval.Tenant,
            UserId = approval.UserId,
            AgentId = approval.AgentId,
            Provider = approval.Provider,
            RuleId = approval.RuleId,
            Method = approval.Method,
            Path = approval.Path,
            Decision = AuditDecisions.Failed,
            Reason = reason,
            UpstreamStatus = lastStatus,
            Action = NotifyAction,
            Target = approval.Id,
            Channel = delivery.Channel.Name,
            Attempts = attempts,
        };
    }

    private async Task WriteAsync(AuditEvent auditEvent)
    {
        if (!await _trail.TryWriteAsync(auditEvent).ConfigureAwait(false))
        {
            Log.AuditWriteFailed(_logger, auditEvent.Reason ?? NotifyAction);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3160, EventName = "NotificationAuditWriteFailed", Level = LogLevel.Error,
            Message = "Notification audit event {Action} could not be written")]
        public static partial void AuditWriteFailed(ILogger logger, string action);
    }
}
