using System.Collections.Concurrent;

namespace Latchkey.Credentials;

/// <summary>
/// Collapses concurrent calls for one key into one piece of work whose result they all share
/// (token fetches and refreshes: one call to a token endpoint, however many requests wait).
/// The work runs detached from any one caller's cancellation; a caller that gives up stops
/// waiting, not the work.
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _inflight = new(StringComparer.Ordinal);

    public async Task<T> RunAsync(string key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var flight = _inflight.GetOrAdd(key, _ => new Lazy<Task<T>>(work));
        try
        {
            return await flight.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            // Only the finished flight is removed: a newer one for the same key stays.
            if (flight.IsValueCreated && flight.Value.IsCompleted)
            {
                _inflight.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, flight));
            }
        }
    }
}
