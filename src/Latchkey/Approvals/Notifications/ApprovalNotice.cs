namespace Latchkey.Approvals.Notifications;

/// <summary>
/// What a message about a held request shows an approver: the facts of its
/// <see cref="ApprovalRecord"/> (query and body preview as the page shows them: secrets masked,
/// text as text) and the link to the approvals page. Never the session id, a token or a credential.
/// </summary>
internal sealed record ApprovalNotice
{
    public required string ApprovalId { get; init; }

    public required string Tenant { get; init; }

    public required string UserId { get; init; }

    public required string AgentId { get; init; }

    public required string Provider { get; init; }

    public required string RuleId { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string Query { get; init; }

    public string? ContentType { get; init; }

    public required long BodyLength { get; init; }

    public string? BodyPreview { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string PageUrl { get; init; }

    /// <summary>Method, path and query on one line, as a human reads a request.</summary>
    public string RequestLine => $"{Method} {Path}{Query}";

    public static ApprovalNotice From(ApprovalRecord approval, string pageUrl)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return new ApprovalNotice
        {
            ApprovalId = approval.Id,
            Tenant = approval.Tenant,
            UserId = approval.UserId,
            AgentId = approval.AgentId,
            Provider = approval.Provider,
            RuleId = approval.RuleId,
            Method = approval.Method,
            Path = approval.Path,
            Query = approval.Query,
            ContentType = approval.ContentType,
            BodyLength = approval.BodyLength,
            BodyPreview = approval.BodyPreview,
            CreatedAt = approval.CreatedAt,
            ExpiresAt = approval.ExpiresAt,
            PageUrl = pageUrl,
        };
    }
}
