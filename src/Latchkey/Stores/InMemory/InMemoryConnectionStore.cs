using System.Collections.Concurrent;
using Latchkey.Credentials;

namespace Latchkey.Stores.InMemory;

/// <summary>Embedded-mode connection store: one process, lost on restart.</summary>
internal sealed class InMemoryConnectionStore : IConnectionStore
{
    private readonly ConcurrentDictionary<ConnectionKey, ConnectionRecord> _records = new();

    public ValueTask<ConnectionRecord?> GetAsync(ConnectionKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_records.TryGetValue(key, out var record) ? record : null);

    public Task UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.Key] = record;
        return Task.CompletedTask;
    }

    public Task<bool> ReplaceAsync(ConnectionRecord replacement, byte[] expectedTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(expectedTokens);
        while (_records.TryGetValue(replacement.Key, out var current) && current.ProtectedTokens.AsSpan().SequenceEqual(expectedTokens))
        {
            if (_records.TryUpdate(replacement.Key, replacement, current))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    public Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryRemove(key, out _));

    public Task<IReadOnlyList<ConnectionRecord>> ListAsync(string tenant, string userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConnectionRecord> list = _records.Values
            .Where(r => string.Equals(r.Key.Tenant, tenant, StringComparison.Ordinal)
                && string.Equals(r.Key.UserId, userId, StringComparison.Ordinal))
            .OrderBy(r => r.Key.Provider, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(list);
    }

    public Task<IReadOnlyList<ConnectionRecord>> ListAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConnectionRecord>>([.. _records.Values]);
}
