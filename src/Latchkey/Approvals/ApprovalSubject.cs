using Microsoft.Extensions.Primitives;

namespace Latchkey.Approvals;

/// <summary>Everything about a request an approval is bound to, besides its body.</summary>
internal sealed record ApprovalSubject(
    string Provider,
    string RuleId,
    string Method,
    string Path,
    string Query,
    StringValues ContentType,
    StringValues ContentEncoding)
{
    /// <summary>For an MCP tool call (docs/mcp.md): the tool and its arguments' hash, so an approval is bound to both.</summary>
    public ToolBinding? ToolCall { get; init; }
}
