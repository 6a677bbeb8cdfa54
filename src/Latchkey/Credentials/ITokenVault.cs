namespace Latchkey.Credentials;

/// <summary>Users' provider tokens, encrypted at rest, keyed by tenant + user + provider.</summary>
public interface ITokenVault
{
    /// <summary>The token, possibly from a short-lived in-process cache that changes on any instance invalidate.</summary>
    ValueTask<UserToken?> GetAsync(ConnectionKey key, CancellationToken cancellationToken);

    /// <summary>The token as stored now, never from a cache (the refresher re-reads with this).</summary>
    ValueTask<UserToken?> GetStoredAsync(ConnectionKey key, CancellationToken cancellationToken);

    /// <summary>The stored token with the version it was read from, for <see cref="ReplaceAsync"/>; never from a cache.</summary>
    ValueTask<StoredUserToken?> GetVersionedAsync(ConnectionKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="replacement"/> only if the connection still holds exactly what
    /// <paramref name="read"/> was read from; false, storing nothing, when it was deleted or written since.
    /// </summary>
    Task<bool> ReplaceAsync(ConnectionKey key, StoredUserToken read, UserToken replacement, CancellationToken cancellationToken);

    Task StoreAsync(ConnectionKey key, UserToken token, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken);
}
