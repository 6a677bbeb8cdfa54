using System.Collections.Concurrent;
using Latchkey.Approvals;

namespace Latchkey.Stores.InMemory;

/// <summary>Embedded-mode approval store: one process, lost on restart.</summary>
internal sealed class InMemoryApprovalStore : IApprovalStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Id), ApprovalRecord> _approvals = new();

    public Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        if (!_approvals.TryAdd((approval.Tenant, approval.Id), approval))
        {
            throw new InvalidOperationException("approval id collision");
        }

        return Task.CompletedTask;
    }

    public Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        Task.FromResult(_approvals.TryGetValue((tenant, id), out var approval) ? approval : null);

    public Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApprovalRecord> list = _approvals.Values
            .Where(a => a.Tenant == tenant && (userId is null || a.UserId == userId))
            .OrderByDescending(a => a.CreatedAt)
            .ToList();
        return Task.FromResult(list);
    }

    public Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var key = (updated.Tenant, updated.Id);
        while (_approvals.TryGetValue(key, out var current))
        {
            if (current.Status != expected)
            {
                return Task.FromResult(false);
            }

            if (_approvals.TryUpdate(key, updated, current))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }
}
