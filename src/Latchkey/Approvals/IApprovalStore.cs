namespace Latchkey.Approvals;

/// <summary>Holds approvals; every call is scoped to a tenant.</summary>
public interface IApprovalStore
{
    /// <summary>How long every store keeps an approval past its expiry, for the record (Seq keeps the history).</summary>
    static readonly TimeSpan RetentionAfterExpiry = TimeSpan.FromDays(7);

    Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken);

    Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces the approval if its stored status is still <paramref name="expected"/>:
    /// two humans deciding at once, or two agents replaying at once, cannot both win.
    /// </summary>
    Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken);
}
