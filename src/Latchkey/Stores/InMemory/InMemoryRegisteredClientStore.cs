using Latchkey.Credentials.OAuth.Registration;

namespace Latchkey.Stores.InMemory;

/// <summary>Embedded-mode registered clients: one instance, so a lock is the compare-and-set.</summary>
internal sealed class InMemoryRegisteredClientStore : IRegisteredClientStore
{
    private readonly Dictionary<string, byte[]> _clients = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ValueTask<byte[]?> GetAsync(string provider, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_clients.GetValueOrDefault(provider));
        }
    }

    public Task<bool> TryReplaceAsync(string provider, byte[]? expected, byte[] value, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var stored = _clients.GetValueOrDefault(provider);
            if (stored is null ? expected is not null : expected is null || !stored.AsSpan().SequenceEqual(expected))
            {
                return Task.FromResult(false);
            }

            _clients[provider] = value;
            return Task.FromResult(true);
        }
    }
}
