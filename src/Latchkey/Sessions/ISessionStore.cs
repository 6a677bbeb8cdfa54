namespace Latchkey.Sessions;

/// <summary>
/// Persistence for agent sessions. Every lookup by id is scoped to a tenant, so nothing can be
/// read across tenants. Failures of the backing service throw <see cref="Stores.StoreUnavailableException"/>.
/// </summary>
public interface ISessionStore
{
    Task CreateAsync(SessionRecord session, CancellationToken cancellationToken);

    ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken);

    /// <summary>Marks the session revoked; false when it does not exist in that tenant or was already revoked.</summary>
    Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>True when the backing service answers (readiness).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
