using Latchkey.Rules;
using Latchkey.Sessions;

namespace Latchkey.Approvals;

/// <summary>
/// Where a request gated by an <c>approve</c> rule stands (CONTRACT §5), as
/// <see cref="ApprovalService.HoldAsync"/> and <see cref="ApprovalService.RedeemAsync"/> decide it;
/// the data plane maps each case to its answer in one place (<c>ApprovalGateStep</c>).
/// </summary>
internal abstract record ApprovalResult
{
    private ApprovalResult()
    {
    }

    /// <summary>The request waits for a human: newly held, or re-sent before anyone decided.</summary>
    public sealed record Held(ApprovalRecord Approval) : ApprovalResult;

    /// <summary>A human approved this very request and this retry used the approval up: forward it.</summary>
    public sealed record Approved(ApprovalRecord Approval) : ApprovalResult;

    /// <summary>A human denied the request.</summary>
    public sealed record Denied(ApprovalRecord Approval) : ApprovalResult;

    /// <summary>The approval expired before it was used.</summary>
    public sealed record Expired(ApprovalRecord Approval) : ApprovalResult;

    /// <summary>The approval was used already (single use, even under concurrent retries).</summary>
    public sealed record Used(ApprovalRecord Approval) : ApprovalResult;

    /// <summary>
    /// The id names no approval of this session for this exact request (another request,
    /// another session, another tenant or no approval at all): ids reveal nothing.
    /// </summary>
    public sealed record Mismatch : ApprovalResult;

    /// <summary>The body claims JSON but is not one well-formed document: it cannot be shown to a human.</summary>
    public sealed record MalformedBody : ApprovalResult;

    /// <summary>The approval store cannot be reached: nothing was held or used, and nothing may be forwarded.</summary>
    public sealed record StoreUnavailable : ApprovalResult;

    /// <summary>
    /// A call approved while it waited (<c>Mcp:ApprovalWait</c>) whose session was revoked or
    /// expired meanwhile, or could not be read: refused as any request without a usable session;
    /// the approval is not used.
    /// </summary>
    public sealed record SessionRefused(SessionResolutionFailure Failure) : ApprovalResult;

    /// <summary>
    /// A call approved while it waited whose rules changed meanwhile and now refuse it: refused as
    /// the rules refuse any request (<paramref name="Verdict"/>); the approval is not used.
    /// </summary>
    public sealed record RuleRefused(RequestVerdict Verdict) : ApprovalResult;
}
