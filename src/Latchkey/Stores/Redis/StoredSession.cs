using System.Collections.Frozen;
using Latchkey.Sessions;

namespace Latchkey.Stores.Redis;

/// <summary>
/// The immutable part of a session as stored in Redis (JSON). Revocation is a separate hash field
/// so it can be set atomically without rewriting the document.
/// </summary>
internal sealed record StoredSession(
    string Id,
    string TokenHash,
    string Tenant,
    string UserId,
    string AgentId,
    string[] Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public static StoredSession From(SessionRecord record) => new(
        record.Id,
        record.TokenHash,
        record.Tenant,
        record.UserId,
        record.AgentId,
        [.. record.Scopes],
        record.CreatedAt,
        record.ExpiresAt);

    public SessionRecord ToRecord(DateTimeOffset? revokedAt) => new()
    {
        Id = Id,
        TokenHash = TokenHash,
        Tenant = Tenant,
        UserId = UserId,
        AgentId = AgentId,
        Scopes = Scopes.ToFrozenSet(StringComparer.Ordinal),
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
        RevokedAt = revokedAt,
    };
}
