namespace Latchkey.Approvals;

/// <summary>
/// A request held by an <c>approve</c> rule. It keeps a fingerprint of the request (method,
/// canonical path, query, body hash), never the query or body themselves, so the store holds
/// nothing an agent could have smuggled secrets into.
/// </summary>
public sealed record ApprovalRecord
{
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string UserId { get; init; }

    public required string AgentId { get; init; }

    public required string SessionId { get; init; }

    public required string Provider { get; init; }

    public required string RuleId { get; init; }

    public required string Method { get; init; }

    /// <summary>Canonical upstream path (no query).</summary>
    public required string Path { get; init; }

    /// <summary>Hex SHA-256 over method, path, query and body hash.</summary>
    public required string Fingerprint { get; init; }

    public required long BodyLength { get; init; }

    /// <summary>
    /// The start of the body with anything secret-looking masked, shown to the human on the
    /// approvals page only (never in the JSON API, logs or audit).
    /// </summary>
    public string? BodyPreview { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public ApprovalStatus Status { get; init; } = ApprovalStatus.Pending;

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? Justification { get; init; }

    /// <summary>The status as of <paramref name="now"/>: an undecided or unused approval past its expiry is expired.</summary>
    public ApprovalStatus StatusAt(DateTimeOffset now) =>
        Status is ApprovalStatus.Pending or ApprovalStatus.Approved && now >= ExpiresAt ? ApprovalStatus.Expired : Status;
}
