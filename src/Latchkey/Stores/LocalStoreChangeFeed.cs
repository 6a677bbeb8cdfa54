namespace Latchkey.Stores;

/// <summary>The embedded mode's feed: one process, so a change only has to reach its own caches.</summary>
internal sealed class LocalStoreChangeFeed : IStoreChangeFeed
{
    private long _generation;

    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public bool IsLive => true;

    public long Generation => Interlocked.Read(ref _generation);

    public event Action<StoreChange>? Changed;

    // One process never misses its own changes, so there is no gap to reset after.
    public event Action? Reset
    {
        add { }
        remove { }
    }

    public Task PublishAsync(StoreChange change, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(change);
        return Task.CompletedTask;
    }
}
