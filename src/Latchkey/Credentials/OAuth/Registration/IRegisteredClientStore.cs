namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>
/// Keeps each provider's registered client (Data Protection ciphertext, never a clear secret), one per
/// provider for the whole deployment: every instance on one store uses the same client. Implementations
/// throw <see cref="Stores.StoreUnavailableException"/> when the backing store cannot be reached.
/// </summary>
public interface IRegisteredClientStore
{
    ValueTask<byte[]?> GetAsync(string provider, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="value"/> only if the stored value is still <paramref name="expected"/>
    /// (null: none is stored); false when another writer came first.
    /// </summary>
    Task<bool> TryReplaceAsync(string provider, byte[]? expected, byte[] value, CancellationToken cancellationToken);
}
