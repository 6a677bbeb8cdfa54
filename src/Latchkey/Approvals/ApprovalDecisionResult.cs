namespace Latchkey.Approvals;

/// <summary>The outcome of a human's approve or deny call.</summary>
public enum ApprovalDecisionResult
{
    Decided,
    NotFound,
    AlreadyDecided,
    Expired,
}
