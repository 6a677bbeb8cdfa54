namespace Latchkey.Audit;

/// <summary>The values of <see cref="AuditEvent.Decision"/>.</summary>
public static class AuditDecisions
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
    public const string ApprovalPending = "approval_pending";
    public const string Failed = "failed";

    /// <summary>Shadow mode: forwarded, but enforcement would have refused it.</summary>
    public const string WouldDeny = "would_deny";
}
