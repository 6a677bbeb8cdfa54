using Latchkey.Approvals;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// The approval of a remote MCP <c>tools/call</c> (docs/mcp.md): bound to the provider, rule, tool
/// and arguments (<see cref="McpMessage.ApprovalHash"/>), not to the JSON-RPC id, so the agent
/// retries by making the same call again. Without an approval id the call finds the approval it
/// was held by (<see cref="ApprovalService.FindBoundAsync"/>): pending, it is still held by it;
/// approved, it redeems it (once); denied, it gets the denial; otherwise it is held anew. With an
/// id (<c>params._meta["latchkey/approval_id"]</c> or <c>Latchkey-Approval</c>) it redeems that
/// one, as a REST retry does. A held call then waits (<see cref="ApprovalWaiter"/>) if configured.
/// </summary>
internal sealed class RemoteToolApprovals
{
    private readonly ApprovalService _approvals;
    private readonly ApprovalWaiter _waiter;

    public RemoteToolApprovals(ApprovalService approvals, ApprovalWaiter waiter)
    {
        _approvals = approvals;
        _waiter = waiter;
    }

    public async Task<ApprovalResult> ResolveAsync(GatedRequest request, string? approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = approvalId is not null
            ? await _approvals.RedeemAsync(request, approvalId, cancellationToken)
            : await ResolveUnnamedAsync(request, cancellationToken);
        if (result is ApprovalResult.Held held && _waiter.Waits
            && await _waiter.WaitForDecisionAsync(request.Session.Tenant, held.Approval.Id, cancellationToken))
        {
            return await _approvals.RedeemAsync(request, held.Approval.Id, cancellationToken);
        }

        return result;
    }

    private async Task<ApprovalResult> ResolveUnnamedAsync(GatedRequest request, CancellationToken cancellationToken)
    {
        var bound = await _approvals.FindBoundAsync(request, cancellationToken);
        return bound?.StatusAt(_approvals.Now) switch
        {
            ApprovalStatus.Pending => new ApprovalResult.Held(bound),
            ApprovalStatus.Approved => await _approvals.RedeemAsync(request, bound.Id, cancellationToken),
            ApprovalStatus.Denied => new ApprovalResult.Denied(),
            _ => await _approvals.HoldAsync(request, cancellationToken),
        };
    }
}
