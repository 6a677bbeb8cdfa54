namespace Latchkey.Sessions;

/// <summary>A stored agent session. Holds the token's hash only, never the token.</summary>
public sealed record SessionRecord
{
    public required string Id { get; init; }

    public required string TokenHash { get; init; }

    public required string Tenant { get; init; }

    public required string UserId { get; init; }

    public required string AgentId { get; init; }

    /// <summary>Granted scopes, compared ordinally.</summary>
    public required IReadOnlySet<string> Scopes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
