using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Hosting;
using Latchkey.Sessions;
using Latchkey.Telemetry;

namespace Latchkey.Mcp;

/// <summary>
/// The audit record of a tool call refused for its arguments before any provider request was
/// built: decision <c>denied</c>, reason <c>invalid_request</c>, the tool and the arguments' hash
/// (never their values), no path (none was made), no status (the answer is a JSON-RPC error).
/// Counted in <c>latchkey.requests</c> like every <c>latchkey.request</c> record.
/// </summary>
internal sealed class InvalidArgumentsAudit(IAuditTrail audit, TimeProvider time, RequestTelemetry telemetry)
{
    public Task<bool> RecordAsync(HttpContext mcpRequest, SessionRecord session, ToolDefinition tool, string argumentsHash)
    {
        ArgumentNullException.ThrowIfNull(mcpRequest);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tool);
        var record = new AuditEvent
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
        };

        // The refusal is answered whether or not its record is written.
        telemetry.Count(record);
        return audit.TryWriteAsync(record);
    }
}
