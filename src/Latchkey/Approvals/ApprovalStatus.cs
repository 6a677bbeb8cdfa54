namespace Latchkey.Approvals;

/// <summary>Where an approval is in its life: pending until a human decides, used at most once.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Denied,
    Used,
    Expired,
}
