namespace Latchkey.Stores;

/// <summary>
/// A change other instances must apply to their in-process caches: a session revoked (by token
/// hash, and by tenant, id and expiry so it is remembered until then) or a connection's tokens
/// changed or deleted. Carries no secret.
/// </summary>
internal sealed record StoreChange(
    StoreChangeKind Kind,
    string Origin,
    string? TokenHash = null,
    string? Tenant = null,
    string? UserId = null,
    string? Provider = null,
    string? SessionId = null,
    DateTimeOffset? ExpiresAt = null)
{
    public static StoreChange SessionRevoked(string origin, string tokenHash) =>
        new(StoreChangeKind.SessionRevoked, origin, TokenHash: tokenHash);

    public static StoreChange SessionRevoked(string origin, Sessions.SessionRecord session) =>
        new(StoreChangeKind.SessionRevoked, origin, TokenHash: session.TokenHash, Tenant: session.Tenant, SessionId: session.Id, ExpiresAt: session.ExpiresAt);

    /// <summary>A revocation read back from the store (no token hash: nothing cached to evict by).</summary>
    public static StoreChange SessionRevoked(string origin, string tenant, string sessionId, DateTimeOffset expiresAt) =>
        new(StoreChangeKind.SessionRevoked, origin, Tenant: tenant, SessionId: sessionId, ExpiresAt: expiresAt);

    public static StoreChange ConnectionChanged(string origin, Credentials.ConnectionKey key) =>
        new(StoreChangeKind.ConnectionChanged, origin, Tenant: key.Tenant, UserId: key.UserId, Provider: key.Provider);
}
