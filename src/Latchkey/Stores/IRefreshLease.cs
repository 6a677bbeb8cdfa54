namespace Latchkey.Stores;

/// <summary>
/// Lets one instance at a time refresh a connection's tokens. The in-process single-flight
/// already collapses callers within one instance; this extends it across instances.
/// </summary>
internal interface IRefreshLease
{
    /// <summary>The lease, held until disposed; null when another instance holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(Credentials.ConnectionKey key, CancellationToken cancellationToken);
}
