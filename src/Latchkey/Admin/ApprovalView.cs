using Latchkey.Approvals;

namespace Latchkey.Admin;

/// <summary>An approval as humans and agents see it (snake_case JSON); no query, no body.</summary>
internal sealed record ApprovalView(
    string Id,
    string Status,
    string Provider,
    string Rule,
    string Method,
    string Path,
    long BodyLength,
    string UserId,
    string AgentId,
    string SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Justification)
{
    public static ApprovalView From(ApprovalRecord approval) => new(
        approval.Id,
        approval.Status.ToString().ToLowerInvariant(),
        approval.Provider,
        approval.RuleId,
        approval.Method,
        approval.Path,
        approval.BodyLength,
        approval.UserId,
        approval.AgentId,
        approval.SessionId,
        approval.CreatedAt,
        approval.ExpiresAt,
        approval.DecidedBy,
        approval.DecidedAt,
        approval.Justification);
}
