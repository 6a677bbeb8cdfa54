using System.Collections.Concurrent;
using Latchkey.Approvals;

namespace Latchkey.Stores.InMemory;

/// <summary>
/// Embedded-mode approval store: one process, lost on restart. Records are kept a week past their
/// expiry, as in Redis: no read returns them after that, and a periodic sweep drops them, so an
/// agent looping on an approve route cannot grow memory without bound.
/// </summary>
internal sealed class InMemoryApprovalStore : IApprovalStore, IDisposable
{
    private static readonly TimeSpan Retention = IApprovalStore.RetentionAfterExpiry;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Tenant, string Id), ApprovalRecord> _approvals = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweepTimer;

    public InMemoryApprovalStore(TimeProvider time)
    {
        _time = time;
        _sweepTimer = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    public int Count => _approvals.Count;

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
        Task.FromResult(_approvals.TryGetValue((tenant, id), out var approval) && !IsPastRetention(approval) ? approval : null);

    public Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApprovalRecord> list = _approvals.Values
            .Where(a => a.Tenant == tenant && (userId is null || a.UserId == userId) && !IsPastRetention(a))
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

    public void Dispose() => _sweepTimer.Dispose();

    private void Sweep()
    {
        foreach (var (key, approval) in _approvals)
        {
            if (IsPastRetention(approval))
            {
                _approvals.TryRemove(KeyValuePair.Create(key, approval));
            }
        }
    }

    private bool IsPastRetention(ApprovalRecord approval) => _time.GetUtcNow() >= approval.ExpiresAt + Retention;
}
