namespace Latchkey.Credentials;

/// <summary>
/// Holds connect flows. Reads are keyed by tenant; only the link page and the callback, which have
/// no tenant yet, find a flow by the hash of its link or state, and each claims it exactly once.
/// </summary>
public interface IConnectFlowStore
{
    /// <summary>Stores the flow and makes its link findable (and its state, when it already has one).</summary>
    Task AddAsync(ConnectFlow flow, CancellationToken cancellationToken);

    ValueTask<ConnectFlow?> GetAsync(string tenant, string flowId, CancellationToken cancellationToken);

    /// <summary>The flow whose link is still unclaimed, without claiming it (the page a browser opens).</summary>
    ValueTask<ConnectFlow?> FindByLinkAsync(string linkHash, CancellationToken cancellationToken);

    /// <summary>Atomically unbinds the link: the first caller gets the flow, every later one null.</summary>
    ValueTask<ConnectFlow?> ClaimLinkAsync(string linkHash, CancellationToken cancellationToken);

    /// <summary>Stores the flow's binding and state and makes that state usable by the callback.</summary>
    Task BindAsync(ConnectFlow flow, CancellationToken cancellationToken);

    /// <summary>Atomically unbinds the state: the first caller gets the flow, every later one null.</summary>
    ValueTask<ConnectFlow?> ConsumeStateAsync(string stateHash, CancellationToken cancellationToken);

    Task UpdateAsync(ConnectFlow flow, CancellationToken cancellationToken);
}
