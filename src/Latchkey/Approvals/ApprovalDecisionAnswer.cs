using Latchkey.Hosting;

namespace Latchkey.Approvals;

/// <summary>
/// What a human's decision call is answered and audited with, the same on every channel (API,
/// page, Slack): a decision that did not take carries the contract's error code (§4), and an
/// approval the caller may not decide is <c>not_found</c>, so its existence is not revealed.
/// </summary>
internal static class ApprovalDecisionAnswer
{
    public static (int Status, string? Code) For(ApprovalDecisionResult result) => result switch
    {
        ApprovalDecisionResult.Decided => (StatusCodes.Status200OK, null),
        ApprovalDecisionResult.Expired => (StatusCodes.Status409Conflict, ErrorCodes.ApprovalExpired),
        ApprovalDecisionResult.AlreadyDecided => (StatusCodes.Status409Conflict, ErrorCodes.ApprovalDecided),
        _ => (StatusCodes.Status404NotFound, ErrorCodes.NotFound),
    };
}
