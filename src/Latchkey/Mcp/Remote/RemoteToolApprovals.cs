using Latchkey.Approvals;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// The approval of a remote MCP <c>tools/call</c> (docs/mcp.md): bound to the provider, rule, tool
/// and arguments (<see cref="McpMessage.ApprovalHash"/>), not to the JSON-RPC id, and resolved as any
/// tool call's (<see cref="ToolCallApprovals"/>: the same call again finds the approval it was held
/// by; an id in <c>params._meta["latchkey/approval_id"]</c> or <c>Latchkey-Approval</c> redeems that
/// one). A held call then waits (<see cref="ApprovalWaiter"/>) if configured.
/// </summary>
internal sealed class RemoteToolApprovals
{
    private readonly ApprovalService _approvals;
    private readonly ToolCallApprovals _toolCalls;
    private readonly ApprovalWaiter _waiter;

    public RemoteToolApprovals(ApprovalService approvals, ToolCallApprovals toolCalls, ApprovalWaiter waiter)
    {
        _approvals = approvals;
        _toolCalls = toolCalls;
        _waiter = waiter;
    }

    public async Task<ApprovalResult> ResolveAsync(GatedRequest request, string? approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _toolCalls.ResolveAsync(request, approvalId, cancellationToken);
        if (result is ApprovalResult.Held held && _waiter.Waits
            && await _waiter.WaitForDecisionAsync(request.Session.Tenant, held.Approval.Id, cancellationToken))
        {
            return await _approvals.RedeemAsync(request, held.Approval.Id, cancellationToken);
        }

        return result;
    }
}
