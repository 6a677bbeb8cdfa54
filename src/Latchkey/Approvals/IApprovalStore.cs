namespace Latchkey.Approvals;

/// <summary>Holds approvals; every call is scoped to a tenant.</summary>
public interface IApprovalStore
{
    Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken);

    Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces the approval if its stored status is still <paramref name="expected"/>:
    /// two humans deciding at once, or two agents replaying at once, cannot both win.
    /// </summary>
    Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken);
}
