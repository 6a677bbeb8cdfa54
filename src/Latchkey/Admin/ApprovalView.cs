using Latchkey.Approvals;

namespace Latchkey.Admin;

/// <summary>
/// An approval as humans and agents see it (snake_case JSON): the request it is for, including
/// the query string, content headers, body preview and, for a tool call, the tool and its
/// arguments, with secrets masked, so the approver can
/// see exactly what is approved.
/// </summary>
internal sealed record ApprovalView(
    string Id,
    string Status,
    string Provider,
    string Rule,
    string Method,
    string Path,
    string Query,
    string? ContentType,
    string? ContentEncoding,
    long BodyLength,
    string? BodyPreview,
    string? Tool,
    string? ArgumentsPreview,
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
        approval.Query,
        approval.ContentType,
        approval.ContentEncoding,
        approval.BodyLength,
        approval.BodyPreview,
        approval.Tool,
        approval.ArgumentsPreview,
        approval.UserId,
        approval.AgentId,
        approval.SessionId,
        approval.CreatedAt,
        approval.ExpiresAt,
        approval.DecidedBy,
        approval.DecidedAt,
        approval.Justification);
}
