namespace Latchkey.Approvals;

/// <summary>
/// A request held by an <c>approve</c> rule. It keeps a fingerprint of the exact request (see
/// <see cref="ApprovalFingerprint"/>) and what the approver must see to decide: the query
/// string and the start of the body (and for a tool call the tool and its arguments), with
/// secret-named values and credential-shaped strings masked. This is the one place Latchkey stores a query or body, by design (docs/security.md,
/// "Approvals"); audit events and logs still carry neither.
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

    /// <summary>The query string ("" or starting with <c>?</c>) as sent, with secret values masked, for the approver.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The request's <c>Content-Type</c> (credential shapes masked), part of what is approved.</summary>
    public string? ContentType { get; init; }

    /// <summary>The request's <c>Content-Encoding</c> (credential shapes masked), part of what is approved.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Hex SHA-256 over provider, rule, method, path, query, content headers and body hash.</summary>
    public required string Fingerprint { get; init; }

    public required long BodyLength { get; init; }

    /// <summary>
    /// What the approver sees of the body (<see cref="Approvals.BodyPreview"/>): the start of its
    /// text with secrets masked, or its size and hash. Shown on the approvals page and in the
    /// approvals API; never in logs or audit events.
    /// </summary>
    public string? BodyPreview { get; init; }

    /// <summary>For an MCP tool call (docs/mcp.md): the tool's name; null for a REST request.</summary>
    public string? Tool { get; init; }

    /// <summary>
    /// For an MCP tool call: its arguments as canonical JSON, masked and cut as <see cref="BodyPreview"/>
    /// is, so the approver reads what the call does (for <c>gmail_send_message</c> the recipients,
    /// subject and text, which the body carries only base64url-encoded). Never in logs or audit events.
    /// </summary>
    public string? ArgumentsPreview { get; init; }

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
