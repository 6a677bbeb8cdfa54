using Latchkey.Sessions;

namespace Latchkey.Admin;

/// <summary>A session as listed by <c>GET /v1/sessions</c>: never its token or hash.</summary>
internal sealed record SessionSummary(
    string Id,
    string Tenant,
    string UserId,
    string AgentId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public static SessionSummary From(SessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SessionSummary(
            record.Id,
            record.Tenant,
            record.UserId,
            record.AgentId,
            [.. record.Scopes.Order(StringComparer.Ordinal)],
            record.CreatedAt,
            record.ExpiresAt);
    }
}
