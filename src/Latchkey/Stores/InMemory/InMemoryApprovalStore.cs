using System.Collections.Concurrent;
using Latchkey.Approvals;

namespace Latchkey.Stores.InMemory;

/// <summary>
/// Embedded-mode approval store: one process, lost on restart. Records are kept a week past their
/// expiry, as in Redis: no read returns them after that, and a periodic sweep drops them, so an
/// agent looping on an approve route cannot grow memory without bound. A per-binding index
/// (tenant, session, fingerprint → ids), swept with the records, answers <see cref="ListBoundAsync"/>
/// without scanning the other approvals.
/// </summary>
internal sealed class InMemoryApprovalStore : IApprovalStore, IDisposable
{
    private static readonly TimeSpan Retention = IApprovalStore.RetentionAfterExpiry;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Tenant, string Id), ApprovalRecord> _approvals = new();
    private readonly Dictionary<(string Tenant, string SessionId, string Fingerprint), List<string>> _bindings = [];
    private readonly Lock _bindingsLock = new();
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

        lock (_bindingsLock)
        {
            var key = BindingOf(approval);
            if (!_bindings.TryGetValue(key, out var ids))
            {
                _bindings[key] = ids = [];
            }

            ids.Add(approval.Id);
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

    public Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken)
    {
        string[] ids;
        lock (_bindingsLock)
        {
            ids = _bindings.TryGetValue((tenant, sessionId, fingerprint), out var bound) ? [.. bound] : [];
        }

        var now = _time.GetUtcNow();
        IReadOnlyList<ApprovalRecord> list = ids
            .Select(id => _approvals.TryGetValue((tenant, id), out var approval) ? approval : null)
            .OfType<ApprovalRecord>()
            .Where(a => now < a.ExpiresAt)
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
                if (_approvals.TryRemove(KeyValuePair.Create(key, approval)))
                {
                    Unbind(approval);
                }
            }
        }
    }

    private void Unbind(ApprovalRecord approval)
    {
        lock (_bindingsLock)
        {
            var key = BindingOf(approval);
            if (_bindings.TryGetValue(key, out var ids) && ids.Remove(approval.Id) && ids.Count == 0)
            {
                _bindings.Remove(key);
            }
        }
    }

    private static (string Tenant, string SessionId, string Fingerprint) BindingOf(ApprovalRecord approval) =>
        (approval.Tenant, approval.SessionId, approval.Fingerprint);

    private bool IsPastRetention(ApprovalRecord approval) => _time.GetUtcNow() >= approval.ExpiresAt + Retention;
}
