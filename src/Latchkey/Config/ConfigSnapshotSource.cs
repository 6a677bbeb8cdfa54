using Microsoft.Extensions.Primitives;

namespace Latchkey.Config;

/// <summary>Holds the last good snapshot and signals replacements; readers never see a partial config.</summary>
internal sealed class ConfigSnapshotSource : IConfigSnapshotSource, IDisposable
{
    private readonly Lock _publishLock = new();
    private ConfigSnapshot _current;
    private CancellationTokenSource _changeSource = new();

    public ConfigSnapshotSource(ConfigSnapshot initial, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
        ConfigDirectory = configDirectory;
    }

    /// <summary>The resolved, absolute folder the snapshot was loaded from.</summary>
    public string ConfigDirectory { get; }

    public ConfigSnapshot Current => Volatile.Read(ref _current);

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changeSource).Token);

    /// <summary>Swaps in a new snapshot and fires the current change token.</summary>
    public void Publish(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        CancellationTokenSource previous;
        lock (_publishLock)
        {
            Volatile.Write(ref _current, snapshot);
            previous = Interlocked.Exchange(ref _changeSource, new CancellationTokenSource());
        }

        // Fire outside the lock: callbacks may read Current or register for the next change.
        // The old source is not disposed: a reader may still be asking it for its token.
        previous.Cancel();
    }

    public void Dispose() => Volatile.Read(ref _changeSource).Dispose();
}
