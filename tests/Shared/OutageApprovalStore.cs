using Latchkey.Approvals;
using Latchkey.Stores;

namespace Latchkey.Testing;

/// <summary>An approval store that can be taken down mid-test: every call then throws what an unreachable Redis throws.</summary>
internal sealed class OutageApprovalStore(IApprovalStore inner) : IApprovalStore
{
    public bool Down { get; set; }

    public Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken) =>
        Down ? throw new StoreUnavailableException() : inner.CreateAsync(approval, cancellationToken);

    public Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        Down ? throw new StoreUnavailableException() : inner.GetAsync(tenant, id, cancellationToken);

    public Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken) =>
        Down ? throw new StoreUnavailableException() : inner.ListAsync(tenant, userId, cancellationToken);

    public Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken) =>
        Down ? throw new StoreUnavailableException() : inner.ListBoundAsync(tenant, sessionId, fingerprint, cancellationToken);

    public Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken) =>
        Down ? throw new StoreUnavailableException() : inner.TryUpdateAsync(updated, expected, cancellationToken);
}
