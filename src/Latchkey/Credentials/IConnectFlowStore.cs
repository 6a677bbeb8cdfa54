namespace Latchkey.Credentials;

/// <summary>
/// Holds connect flows. Reads are keyed by tenant; only the callback, which has no tenant yet,
/// finds a flow by its state hash, and does so exactly once.
/// </summary>
public interface IConnectFlowStore
{
    Task AddAsync(ConnectFlow flow, CancellationToken cancellationToken);

    ValueTask<ConnectFlow?> GetAsync(string tenant, string flowId, CancellationToken cancellationToken);

    /// <summary>Atomically unbinds the state: the first caller gets the flow, every later one null.</summary>
    ValueTask<ConnectFlow?> ConsumeStateAsync(string stateHash, CancellationToken cancellationToken);

    Task UpdateAsync(ConnectFlow flow, CancellationToken cancellationToken);
}
