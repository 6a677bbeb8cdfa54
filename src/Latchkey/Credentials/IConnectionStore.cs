namespace Latchkey.Credentials;

/// <summary>
/// Persists users' provider connections. Every call is keyed by tenant; implementations throw
/// <see cref="Stores.StoreUnavailableException"/> when the backing store cannot be reached.
/// </summary>
public interface IConnectionStore
{
    ValueTask<ConnectionRecord?> GetAsync(ConnectionKey key, CancellationToken cancellationToken);

    Task UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="replacement"/> only while its key still holds the ciphertext
    /// <paramref name="expectedTokens"/> (unique per write: Data Protection draws a fresh IV each time);
    /// false, writing nothing, when the record is gone or was written again since it was read.
    /// </summary>
    Task<bool> ReplaceAsync(ConnectionRecord replacement, byte[] expectedTokens, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConnectionRecord>> ListAsync(string tenant, string userId, CancellationToken cancellationToken);

    /// <summary>Every tenant's connections (metadata and ciphertext), for the background refresher only.</summary>
    Task<IReadOnlyList<ConnectionRecord>> ListAllAsync(CancellationToken cancellationToken);
}
