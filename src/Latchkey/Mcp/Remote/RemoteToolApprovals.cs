using Latchkey.Approvals;
using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Sessions;
using Latchkey.Stores;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// The approval of a remote MCP <c>tools/call</c> (docs/mcp.md): bound to the provider, rule, tool
/// and arguments (<see cref="McpMessage.ApprovalHash"/>), not to the JSON-RPC id, and resolved as any
/// tool call's (<see cref="ToolCallApprovals"/>: the same call again finds the approval it was held
/// by; an id in <c>params._meta["latchkey/approval_id"]</c> or <c>Latchkey-Approval</c> redeems that
/// one). A held call then waits (<see cref="ApprovalWaiter"/>) if configured; approved during the
/// wait, it is judged again before the approval is used (<see cref="JudgeAgainAndRedeemAsync"/>).
/// </summary>
internal sealed class RemoteToolApprovals
{
    private readonly ApprovalService _approvals;
    private readonly ToolCallApprovals _toolCalls;
    private readonly ApprovalWaiter _waiter;
    private readonly SessionService _sessions;
    private readonly IConfigSnapshotSource _config;

    public RemoteToolApprovals(
        ApprovalService approvals, ToolCallApprovals toolCalls, ApprovalWaiter waiter, SessionService sessions, IConfigSnapshotSource config)
    {
        _approvals = approvals;
        _toolCalls = toolCalls;
        _waiter = waiter;
        _sessions = sessions;
        _config = config;
    }

    public async Task<ApprovalResult> ResolveAsync(GatedRequest request, McpMessage call, string? approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        var result = await _toolCalls.ResolveAsync(request, approvalId, cancellationToken);
        if (result is ApprovalResult.Held held && _waiter.Waits
            && await _waiter.WaitForDecisionAsync(request.Session.Tenant, held.Approval.Id, cancellationToken))
        {
            return await JudgeAgainAndRedeemAsync(request, call, held.Approval.Id, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The request was authenticated and judged before the wait, up to <c>Mcp:ApprovalWait</c> ago:
    /// its session and the current rules are asked again, as for the same call made now (a call at
    /// <c>/mcp</c> runs the whole pipeline again after its wait). A revoked or expired session, or a
    /// rule that now refuses the call, wins and leaves the approval unused; a call now under another
    /// rule is another request (<c>approval_mismatch</c>, as for a REST retry).
    /// </summary>
    private async Task<ApprovalResult> JudgeAgainAndRedeemAsync(GatedRequest request, McpMessage call, string approvalId, CancellationToken cancellationToken)
    {
        SessionRecord? session;
        try
        {
            session = await _sessions.GetUnexpiredAsync(request.Session.Tenant, request.Session.Id, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return new ApprovalResult.SessionRefused(SessionResolutionFailure.StoreUnavailable);
        }

        if (session is null || !session.IsActive(_approvals.Now))
        {
            return new ApprovalResult.SessionRefused(SessionResolutionFailure.Unknown);
        }

        var config = _config.Current;
        // A tools/call is always judged (null is only for protocol plumbing), so the fallback never applies.
        var verdict = McpMessageJudge.Judge(call, config.RuleSet, request.Subject.Provider, call.AsInspectedBody(), session.Scopes)
            ?? RequestVerdict.Of(RuleDecision.NoMatch);
        if (!verdict.PassesRules && config.RulesMode != RulesMode.Shadow)
        {
            return new ApprovalResult.RuleRefused(verdict);
        }

        var ruleId = verdict.PassesRules ? verdict.RuleId! : request.Subject.RuleId;
        return await _approvals.RedeemAsync(request with { Subject = request.Subject with { RuleId = ruleId } }, approvalId, cancellationToken);
    }
}
