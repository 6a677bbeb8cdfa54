using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Hosting;
using Latchkey.Sessions;

namespace Latchkey.Mcp;

/// <summary>
/// The audit record of a tool call refused for its arguments before any provider request was
/// built: decision <c>denied</c>, reason <c>invalid_request</c>, the tool and the arguments' hash
/// (never their values), no path (none was made).
/// </summary>
internal sealed class InvalidArgumentsAudit(IAuditTrail audit, TimeProvider time)
{
    public Task<bool> RecordAsync(HttpContext mcpRequest, SessionRecord session, ToolDefinition tool, string argumentsHash)
    {
        ArgumentNullException.ThrowIfNull(mcpRequest);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tool);
        return audit.TryWriteAsync(new AuditEvent
        {
            EventType = AuditEvent.RequestEventType,
            Timestamp = time.GetUtcNow(),
            RequestId = RequestIds.Next(),
            Tenant = session.Tenant,
            UserId = session.UserId,
            AgentId = session.AgentId,
            SessionId = session.Id,
            Provider = tool.Provider,
            Method = tool.Method,
            Decision = AuditDecisions.Denied,
            Reason = ErrorCodes.InvalidRequest,
            ClientIp = mcpRequest.Connection.RemoteIpAddress?.ToString(),
            Tool = tool.Name,
            ArgumentsHash = argumentsHash,
        });
    }
}
