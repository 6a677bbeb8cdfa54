using Latchkey.Stores;

namespace Latchkey.Tests.Stores.Caching;

/// <summary>A change feed whose liveness the test sets, standing in for a Redis subscription going up and down.</summary>
internal sealed class ControllableChangeFeed : IStoreChangeFeed
{
    private long _generation;
    private bool _live = true;

    public string Origin => "test";

    public bool IsLive => _live;

    public long Generation => Interlocked.Read(ref _generation);

    public List<StoreChange> Published { get; } = [];

    public event Action<StoreChange>? Changed;

    public event Action? Reset;

    public void GoDown()
    {
        _live = false;
        Interlocked.Increment(ref _generation);
        Reset?.Invoke();
    }

    public void ComeBack()
    {
        Interlocked.Increment(ref _generation);
        Reset?.Invoke();
        _live = true;
    }

    /// <summary>A change made by another instance arriving over the channel.</summary>
    public void Receive(StoreChange change)
    {
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(change);
    }

    public Task PublishAsync(StoreChange change, CancellationToken cancellationToken)
    {
        Published.Add(change);
        Receive(change);
        return Task.CompletedTask;
    }
}
