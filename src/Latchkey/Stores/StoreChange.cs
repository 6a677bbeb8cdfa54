namespace Latchkey.Stores;

/// <summary>
/// A change other instances must apply to their in-process caches: a session revoked (by token
/// hash) or a connection's tokens changed or deleted. Carries no secret.
/// </summary>
internal sealed record StoreChange(StoreChangeKind Kind, string Origin, string? TokenHash = null, string? Tenant = null, string? UserId = null, string? Provider = null)
{
    public static StoreChange SessionRevoked(string origin, string tokenHash) =>
        new(StoreChangeKind.SessionRevoked, origin, TokenHash: tokenHash);

    public static StoreChange ConnectionChanged(string origin, Credentials.ConnectionKey key) =>
        new(StoreChangeKind.ConnectionChanged, origin, Tenant: key.Tenant, UserId: key.UserId, Provider: key.Provider);
}
