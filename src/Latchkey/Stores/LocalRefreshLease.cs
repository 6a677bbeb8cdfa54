namespace Latchkey.Stores;

/// <summary>Embedded mode: one instance, so the in-process single-flight is all the exclusion needed.</summary>
internal sealed class LocalRefreshLease : IRefreshLease
{
    public Task<IAsyncDisposable?> TryAcquireAsync(Credentials.ConnectionKey key, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(NoLease.Instance);

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
