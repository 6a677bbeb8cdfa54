using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Sessions;

namespace Latchkey.Forwarding;

/// <summary>
/// Outermost data-plane step: refuses everything while the audit buffer cannot be written
/// (fail closed), and writes exactly one audit event for every data-plane request, whatever
/// step answered it.
/// </summary>
internal sealed partial class DataPlaneAuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<DataPlaneAuditMiddleware> _logger;

    public DataPlaneAuditMiddleware(RequestDelegate next, IAuditTrail audit, TimeProvider time, ILogger<DataPlaneAuditMiddleware> logger)
    {
        _next = next;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = _time.GetTimestamp();
        try
        {
            if (!_audit.IsWritable && !IsHealthProbe(context.Request.Path))
            {
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    ErrorCodes.AuditUnavailable, "The audit trail cannot be written; nothing is forwarded until it can.");
                return;
            }

            await _next(context);
        }
        finally
        {
            var agentRequest = context.Features.Get<AgentRequestFeature>();
            if (agentRequest is null || agentRequest.IsDataPlane)
            {
                var auditEvent = BuildEvent(context, agentRequest, _time.GetElapsedTime(started));
                if (!await _audit.TryWriteAsync(auditEvent))
                {
                    Log.AuditWriteFailed(_logger, auditEvent.RequestId);
                }
            }
        }
    }

    private static bool IsHealthProbe(PathString path) =>
        path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || path.Equals("/readyz", StringComparison.OrdinalIgnoreCase);

    private static AuditEvent BuildEvent(HttpContext context, AgentRequestFeature? agentRequest, TimeSpan duration)
    {
        var session = context.Features.Get<AgentSessionFeature>()?.Session;
        var errorCode = context.Features.Get<RequestOutcomeFeature>()?.ErrorCode;
        var status = context.Response.StatusCode;
        return new AuditEvent
        {
            EventType = AuditEvent.RequestEventType,
            Timestamp = DateTimeOffset.UtcNow,
            RequestId = context.GetRequestId(),
            Tenant = session?.Tenant,
            UserId = session?.UserId,
            AgentId = session?.AgentId,
            SessionId = session?.Id,
            Provider = agentRequest?.Provider,
            RuleId = agentRequest?.Decision?.Rule?.Id,
            Method = context.Request.Method,
            Path = agentRequest?.UpstreamPath,
            Decision = DecisionOf(agentRequest, errorCode, status),
            Reason = errorCode ?? agentRequest?.ShadowRefusal,
            Status = status,
            UpstreamStatus = agentRequest?.UpstreamStatus,
            DurationMs = Math.Round(duration.TotalMilliseconds, 3),
            CredentialMode = agentRequest?.CredentialMode switch
            {
                Config.CredentialMode.User => "user",
                Config.CredentialMode.Agent => "agent",
                _ => null,
            },
            ClientIp = context.Connection.RemoteIpAddress?.ToString(),
            CredentialEchoed = agentRequest is { CredentialEchoed: true } ? true : null,
        };
    }

    private static string DecisionOf(AgentRequestFeature? agentRequest, string? errorCode, int status)
    {
        if (agentRequest is { Forwarded: true })
        {
            return errorCode is not null ? AuditDecisions.Failed
                : agentRequest.ShadowRefusal is not null ? AuditDecisions.WouldDeny
                : AuditDecisions.Allowed;
        }

        if (errorCode == ErrorCodes.ApprovalRequired)
        {
            return AuditDecisions.ApprovalPending;
        }

        return status >= StatusCodes.Status500InternalServerError ? AuditDecisions.Failed : AuditDecisions.Denied;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4002, EventName = "AuditWriteFailed", Level = LogLevel.Critical,
            Message = "The audit event of request {RequestId} could not be written; further requests are refused until the buffer recovers")]
        public static partial void AuditWriteFailed(ILogger logger, string requestId);
    }
}
