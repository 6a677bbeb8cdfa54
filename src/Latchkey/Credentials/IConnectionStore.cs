namespace Latchkey.Credentials;

/// <summary>
/// Persists users' provider connections. Every call is keyed by tenant; implementations throw
/// <see cref="Stores.StoreUnavailableException"/> when the backing store cannot be reached.
/// </summary>
public interface IConnectionStore
{
    ValueTask<ConnectionRecord?> GetAsync(ConnectionKey key, CancellationToken cancellationToken);

    Task UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConnectionRecord>> ListAsync(string tenant, string userId, CancellationToken cancellationToken);

    /// <summary>Every tenant's connections (metadata and ciphertext), for the background refresher only.</summary>
    Task<IReadOnlyList<ConnectionRecord>> ListAllAsync(CancellationToken cancellationToken);
}
