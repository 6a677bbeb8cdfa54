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
    /// The approvals of one session bound to one fingerprint that are still within their lifetime
    /// (any status), newest first: a direct lookup through a per-binding index, so the cost does not
    /// grow with the tenant's (or the user's) other approvals.
    /// </summary>
    Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces the approval if its stored status is still <paramref name="expected"/>:
    /// two humans deciding at once, or two agents replaying at once, cannot both win.
    /// </summary>
    Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken);
}
