using Latchkey.Approvals;
using Latchkey.Stores;
using Microsoft.Extensions.Options;

namespace Latchkey.Mcp;

/// <summary>
/// The bounded wait of a tool call held for approval (<see cref="McpOptions.ApprovalWait"/>,
/// docs/mcp.md): reads the approval through <see cref="ApprovalService"/> until a human has decided
/// it or the wait is over. It polls the store, so a decision taken on any instance ends the wait;
/// the caller's cancellation (the client went away) ends it at once.
/// </summary>
internal sealed class ApprovalWaiter
{
    /// <summary>How often the store is read while waiting: a human's click shows within this.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ApprovalService _approvals;
    private readonly TimeProvider _time;
    private readonly TimeSpan _wait;

    public ApprovalWaiter(ApprovalService approvals, TimeProvider time, IOptions<McpOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _approvals = approvals;
        _time = time;
        _wait = options.Value.ApprovalWait;
    }

    /// <summary>True when a wait is configured at all.</summary>
    public bool Waits => _wait > TimeSpan.Zero;

    /// <summary>
    /// True once the approval is no longer pending (approved, denied, expired or gone) or the store
    /// cannot be read, false when the wait ended first; the caller then redeems it, which says which.
    /// </summary>
    public async Task<bool> WaitForDecisionAsync(string tenant, string approvalId, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _wait;
        while (true)
        {
            ApprovalRecord? approval;
            try
            {
                approval = await _approvals.GetAsync(tenant, approvalId, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                // Stop waiting: the redeem that follows goes through the gate, which fails closed
                // with 503 store_unavailable (or answers the decision if the store is back).
                return true;
            }

            if (approval?.Status != ApprovalStatus.Pending)
            {
                return true;
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(left < PollInterval ? left : PollInterval, _time, cancellationToken);
        }
    }
}
