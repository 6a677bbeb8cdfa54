using System.Collections.Concurrent;
using Latchkey.Credentials;

namespace Latchkey.Stores.InMemory;

/// <summary>Embedded-mode connect flows; finished flows are kept a while for the long poll, then dropped.</summary>
internal sealed class InMemoryConnectFlowStore : IConnectFlowStore
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string Tenant, string Id), ConnectFlow> _flows = new();
    private readonly ConcurrentDictionary<string, (string Tenant, string Id)> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Tenant, string Id)> _states = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryConnectFlowStore(TimeProvider time) => _time = time;

    public Task AddAsync(ConnectFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        Purge();
        _flows[(flow.Tenant, flow.Id)] = flow;
        _links[flow.LinkHash] = (flow.Tenant, flow.Id);
        if (flow.StateHash is { } state)
        {
            _states[state] = (flow.Tenant, flow.Id);
        }

        return Task.CompletedTask;
    }

    public ValueTask<ConnectFlow?> GetAsync(string tenant, string flowId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_flows.TryGetValue((tenant, flowId), out var flow) ? flow : null);

    public ValueTask<ConnectFlow?> FindByLinkAsync(string linkHash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_links.TryGetValue(linkHash, out var key) && _flows.TryGetValue(key, out var flow) ? flow : null);

    public ValueTask<ConnectFlow?> ClaimLinkAsync(string linkHash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_links.TryRemove(linkHash, out var key) && _flows.TryGetValue(key, out var flow) ? flow : null);

    public Task BindAsync(ConnectFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(flow.StateHash);
        _flows[(flow.Tenant, flow.Id)] = flow;
        _states[flow.StateHash] = (flow.Tenant, flow.Id);
        return Task.CompletedTask;
    }

    public ValueTask<ConnectFlow?> ConsumeStateAsync(string stateHash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_states.TryRemove(stateHash, out var key) && _flows.TryGetValue(key, out var flow) ? flow : null);

    public Task UpdateAsync(ConnectFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _flows[(flow.Tenant, flow.Id)] = flow;
        return Task.CompletedTask;
    }

    private void Purge()
    {
        var cutoff = _time.GetUtcNow() - Retention;
        foreach (var (key, flow) in _flows)
        {
            if (flow.ExpiresAt < cutoff && _flows.TryRemove(key, out _))
            {
                _links.TryRemove(flow.LinkHash, out _);
                if (flow.StateHash is { } state)
                {
                    _states.TryRemove(state, out _);
                }
            }
        }
    }
}
