using Latchkey.Stores;

namespace Latchkey.Approvals;

/// <summary>
/// The approval of an MCP tool call, at <c>/mcp</c> and in front of a remote MCP server
/// (docs/mcp.md). The call is bound to its tool and exact arguments as well as to its request, so
/// the agent retries by making the same call again: without an approval id it finds the approval
/// it was held by (<see cref="ApprovalService.FindBoundAsync"/>, this session's only): pending, it is
/// still held by it; approved, it redeems it (once: of two retries at once, the other gets
/// <see cref="ApprovalResult.Used"/>); denied, it gets the denial; used or expired, it is held anew.
/// With an id it redeems that one, as a REST retry does.
/// </summary>
internal sealed class ToolCallApprovals
{
    private readonly ApprovalService _approvals;

    public ToolCallApprovals(ApprovalService approvals) => _approvals = approvals;

    public Task<ApprovalResult> ResolveAsync(GatedRequest request, string? approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrEmpty(approvalId)
            ? ResolveUnnamedAsync(request, cancellationToken)
            : _approvals.RedeemAsync(request, approvalId, cancellationToken);
    }

    private async Task<ApprovalResult> ResolveUnnamedAsync(GatedRequest request, CancellationToken cancellationToken)
    {
        ApprovalRecord? bound;
        try
        {
            bound = await _approvals.FindBoundAsync(request, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // Fail closed, as a hold or a redemption does: nothing found is nothing approved.
            return new ApprovalResult.StoreUnavailable();
        }

        return bound?.StatusAt(_approvals.Now) switch
        {
            ApprovalStatus.Pending => new ApprovalResult.Held(bound),
            ApprovalStatus.Approved => await _approvals.RedeemAsync(request, bound.Id, cancellationToken),
            ApprovalStatus.Denied => new ApprovalResult.Denied(bound),
            _ => await _approvals.HoldAsync(request, cancellationToken),
        };
    }
}
