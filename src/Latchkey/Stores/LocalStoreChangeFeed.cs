namespace Latchkey.Stores;

/// <summary>The embedded mode's feed: one process, so a change only has to reach its own caches.</summary>
internal sealed class LocalStoreChangeFeed : IStoreChangeFeed
{
    private long _generation;

    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public bool IsLive => true;

    public long Generation => Interlocked.Read(ref _generation);

    public event Action<StoreChange>? Changed;

    public event Action? Reset;

    public Task PublishAsync(StoreChange change, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(change);
        return Task.CompletedTask;
    }

    /// <summary>Drops every cache; for tests and symmetry with the Redis feed.</summary>
    public void RaiseReset()
    {
        Interlocked.Increment(ref _generation);
        Reset?.Invoke();
    }
}
