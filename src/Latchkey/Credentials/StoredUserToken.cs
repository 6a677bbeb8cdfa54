namespace Latchkey.Credentials;

/// <summary>
/// A user's token as read from the store, with the ciphertext it was read from: the version
/// <see cref="ITokenVault.ReplaceAsync"/> compares, so a write never lands on a connection
/// deleted or reconnected since the read.
/// </summary>
public sealed record StoredUserToken(UserToken Token, byte[] Ciphertext);
