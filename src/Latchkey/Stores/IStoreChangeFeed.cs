namespace Latchkey.Stores;

/// <summary>
/// Carries cache invalidations between instances (Redis pub/sub) or within one (embedded mode).
/// Caches may serve an entry only while <see cref="IsLive"/>: then every change made on any
/// instance is known to reach this one. Any gap (a lost connection, a resubscription) raises
/// <see cref="Reset"/> and caches start again from the store.
/// </summary>
internal interface IStoreChangeFeed
{
    /// <summary>Identifies this process in published changes.</summary>
    string Origin { get; }

    bool IsLive { get; }

    /// <summary>Bumped by every change received and every reset; a cache fill started under an older value is dropped.</summary>
    long Generation { get; }

    event Action<StoreChange>? Changed;

    event Action? Reset;

    /// <summary>Applies the change locally at once and sends it to every other instance.</summary>
    Task PublishAsync(StoreChange change, CancellationToken cancellationToken);
}
