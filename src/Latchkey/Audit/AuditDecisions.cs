namespace Latchkey.Audit;

/// <summary>The values of <see cref="AuditEvent.Decision"/>.</summary>
public static class AuditDecisions
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
    public const string ApprovalPending = "approval_pending";
    public const string Failed = "failed";
}
