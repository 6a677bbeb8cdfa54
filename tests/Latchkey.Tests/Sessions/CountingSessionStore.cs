using Latchkey.Sessions;
using Latchkey.Stores;

namespace Latchkey.Tests.Sessions;

/// <summary>Wraps a real store, counts token lookups and can simulate an outage.</summary>
internal sealed class CountingSessionStore : ISessionStore
{
    private readonly ISessionStore _inner;
    private int _lookups;

    public CountingSessionStore(ISessionStore inner) => _inner = inner;

    public int Lookups => Volatile.Read(ref _lookups);

    public bool Unavailable { get; set; }

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return _inner.CreateAsync(session, cancellationToken);
    }

    public ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        ThrowIfUnavailable();
        return _inner.FindByTokenHashAsync(tokenHash, cancellationToken);
    }

    public Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return _inner.GetAsync(tenant, id, cancellationToken);
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return _inner.ListAsync(tenant, userId, cancellationToken);
    }

    public Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return _inner.RevokeAsync(tenant, id, at, cancellationToken);
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(!Unavailable);

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new StoreUnavailableException("Simulated outage.");
        }
    }
}
