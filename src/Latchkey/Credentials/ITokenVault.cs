namespace Latchkey.Credentials;

/// <summary>Users' provider tokens, encrypted at rest, keyed by tenant + user + provider.</summary>
public interface ITokenVault
{
    ValueTask<UserToken?> GetAsync(ConnectionKey key, CancellationToken cancellationToken);

    Task StoreAsync(ConnectionKey key, UserToken token, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken);
}
