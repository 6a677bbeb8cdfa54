namespace Latchkey.Approvals.Notifications;

/// <summary>Tells approvers that a request was held. Returns at once: it never waits for, or fails on, a delivery.</summary>
public interface IApprovalNotifier
{
    void Notify(ApprovalRecord approval);
}
