namespace Latchkey.Admin;

/// <summary>Body of <c>POST /v1/sessions</c> (snake_case; unknown members are refused).</summary>
internal sealed class CreateSessionRequest
{
    public string? AgentId { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public long? TtlSeconds { get; init; }

    /// <summary>Admins only; defaults to the caller's <c>sub</c>.</summary>
    public string? UserId { get; init; }
}
