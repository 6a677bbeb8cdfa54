using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Sessions;
using Latchkey.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.DataPlane;

/// <summary>
/// The data plane's audit records and when they are written. A request that is refused gets one
/// record, written before its error response goes out. A request that is forwarded gets a
/// write-ahead record (<c>latchkey.forward</c>) before anything leaves for the upstream, and its
/// completion (<c>latchkey.request</c>, with status, outcome and duration) once the response
/// ends. So no client holds an answer, and no upstream acted on a request, whose record a crash
/// could still lose; a crash between the two leaves a decision without a completion, which the
/// next start completes as <c>outcome: unknown</c> (<see cref="InterruptedRequestRecovery"/>).
/// </summary>
internal sealed partial class DataPlaneAudit : IRefusalAudit
{
    /// <summary>
    /// The status recorded for a request whose agent left before any answer was sent: nothing was
    /// sent, and nginx's 499 "client closed request" says so where a status is expected.
    /// </summary>
    public const int ClientClosedRequest = 499;

    private const string AddressedByHost = "host";

    private static readonly Task<bool> Written = Task.FromResult(true);

    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<DataPlaneAudit> _logger;
    private readonly RequestTelemetry _telemetry;

    public DataPlaneAudit(IAuditTrail audit, TimeProvider time, ILogger<DataPlaneAudit> logger, RequestTelemetry telemetry)
    {
        _audit = audit;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
    }

    public bool IsWritable => _audit.IsWritable;

    /// <summary>
    /// The write-ahead record of a request about to be forwarded: the group commit's own task,
    /// true once the record is handed to the OS. On false the caller must call
    /// <see cref="ForwardNotRecorded"/> and refuse the request instead of forwarding it.
    /// </summary>
    /// <remarks>
    /// The request is marked as having its write-ahead record as soon as the record is queued, so
    /// the caller can await the batch's task itself: an async frame of ours in between cost a
    /// state machine per request (bench/README.md). Until the task completes nothing reads the mark.
    /// </remarks>
    public Task<bool> RecordForwardAsync(HttpContext context, AgentRequestFeature agentRequest)
    {
        var outcome = context.Features.GetRequiredFeature<RequestOutcomeFeature>();
        var record = BuildEvent(context, agentRequest, outcome, AuditEvent.ForwardEventType, status: null, durationMs: double.NaN, completion: null);
        var written = _audit.TryWriteAheadAsync(record);
        outcome.Audit = AuditProgress.ForwardRecorded;
        return written;
    }

    /// <summary>Takes back the mark of <see cref="RecordForwardAsync"/> when its record could not be written: the refusal gets the request's one record.</summary>
    public static void ForwardNotRecorded(HttpContext context) =>
        context.Features.GetRequiredFeature<RequestOutcomeFeature>().Audit = AuditProgress.None;

    public async Task<bool> RecordRefusalAsync(HttpContext context)
    {
        var outcome = context.Features.Get<RequestOutcomeFeature>();
        var agentRequest = context.Features.Get<AgentRequestFeature>();
        if (outcome is null || outcome.Audit != AuditProgress.None || agentRequest is { IsDataPlane: false })
        {
            // Forwarded already (its completion says how it ended) or not a data-plane request.
            return true;
        }

        outcome.Audit = AuditProgress.Recorded;
        var record = RequestRecord(context, agentRequest, outcome, completion: null, context.Response.StatusCode);
        var written = await _audit.TryWriteAsync(record);
        if (!written)
        {
            Log.AuditWriteFailed(_logger, outcome.RequestId);
        }

        // Observed once the answer is settled: a refusal whose record failed is not sent (it is
        // answered 503 audit_unavailable instead, observed in its turn), so it is not counted.
        if (written || !ErrorResponseWriter.IsReplacedWhenUnrecorded(outcome.ErrorCode))
        {
            Observe(context, agentRequest, record);
        }

        return written;
    }

    /// <summary>
    /// After the response: the completion of a forwarded request, or the one record of a request
    /// nothing recorded yet. Completes with false when a record could not be written; the caller
    /// then reports it with <see cref="ReportEndNotRecorded"/>. The group commit's own task, for the
    /// same reason as <see cref="RecordForwardAsync"/>.
    /// </summary>
    public Task<bool> RecordEndAsync(HttpContext context, RequestOutcomeFeature outcome)
    {
        var agentRequest = context.Features.Get<AgentRequestFeature>();
        if (agentRequest is { IsDataPlane: false })
        {
            return Written;
        }

        return outcome.Audit switch
        {
            AuditProgress.ForwardRecorded => Write(context, agentRequest, outcome, CompletionOf(context, agentRequest), context.Response.StatusCode),
            AuditProgress.None when IsAbandoned(context, outcome) => Write(context, agentRequest, outcome, AuditOutcomes.ClientAborted, ClientClosedRequest),
            AuditProgress.None => Write(context, agentRequest, outcome, completion: null, context.Response.StatusCode),
            _ => Written,
        };
    }

    // The agent left before anything answered it (e.g. mid-body while a rule's body was read):
    // no step refused it and no response started, so the default 200 is no answer that was sent.
    private static bool IsAbandoned(HttpContext context, RequestOutcomeFeature outcome) =>
        (outcome.ClientLeft || context.RequestAborted.IsCancellationRequested) && outcome.ErrorCode is null && !context.Response.HasStarted;

    /// <summary>Logs that the record <see cref="RecordEndAsync"/> wrote could not be written.</summary>
    public void ReportEndNotRecorded(string requestId) => Log.AuditWriteFailed(_logger, requestId);

    /// <summary>After the response, whatever the write's fate: the answer it records has been sent (or nothing was).</summary>
    private Task<bool> Write(HttpContext context, AgentRequestFeature? agentRequest, RequestOutcomeFeature outcome, string? completion, int status)
    {
        var record = RequestRecord(context, agentRequest, outcome, completion, status);
        Observe(context, agentRequest, record);

        // A completion follows a written write-ahead record: the buffer's size cap must not drop it.
        return outcome.Audit == AuditProgress.ForwardRecorded ? _audit.TryWriteCompletionAsync(record) : _audit.TryWriteAsync(record);
    }

    private AuditEvent RequestRecord(HttpContext context, AgentRequestFeature? agentRequest, RequestOutcomeFeature outcome, string? completion, int status) =>
        BuildEvent(context, agentRequest, outcome, AuditEvent.RequestEventType, status,
            Math.Round(_time.GetElapsedTime(outcome.StartedAt).TotalMilliseconds, 3), completion);

    // Metrics and the span from the record itself, so they cannot disagree with it.
    private void Observe(HttpContext context, AgentRequestFeature? agentRequest, AuditEvent record) =>
        _telemetry.Observe(context, record, agentRequest?.ProviderDefinition?.Name);

    /// <summary>How a forwarded request ended, from the client's and the forwarder's point of view.</summary>
    private static string CompletionOf(HttpContext context, AgentRequestFeature? agentRequest)
    {
        var error = agentRequest?.ForwarderError;
        if (error is ForwarderError.ResponseBodyDestination)
        {
            return AuditOutcomes.UpstreamAborted;
        }

        return context.RequestAborted.IsCancellationRequested
               || error is ForwarderError.ResponseBodyClient or ForwarderError.ResponseBodyCanceled
                   or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
            ? AuditOutcomes.ClientAborted
            : AuditOutcomes.Completed;
    }

    private static AuditEvent BuildEvent(
        HttpContext context,
        AgentRequestFeature? agentRequest,
        RequestOutcomeFeature outcome,
        string eventType,
        int? status,
        double durationMs,
        string? completion)
    {
        var session = agentRequest?.Session;
        var toolCall = agentRequest?.ToolCall;
        var errorCode = completion == AuditOutcomes.ClientAborted ? null : outcome.ErrorCode;
        return new AuditEvent
        {
            EventType = eventType,
            Timestamp = DateTimeOffset.UtcNow,
            RequestId = outcome.RequestId,
            Tenant = session?.Tenant,
            UserId = session?.UserId,
            AgentId = session?.AgentId,
            SessionId = session?.Id,
            Provider = agentRequest?.Provider,
            RuleId = agentRequest?.Decision?.Rule?.Id,
            Method = context.Request.Method,
            Path = agentRequest?.UpstreamPath,
            // Judged by the contract's status: a provider's envelope may send a refusal as 200 (Slack).
            Decision = DecisionOf(agentRequest, errorCode, outcome.ErrorStatus ?? status, completion),
            Reason = errorCode ?? (completion == AuditOutcomes.ClientAborted ? AuditOutcomes.ClientAborted : agentRequest?.ShadowRefusal),
            Status = status,
            UpstreamStatus = agentRequest?.UpstreamStatus,
            DurationMs = durationMs,
            CredentialMode = agentRequest?.CredentialMode switch
            {
                Providers.CredentialMode.User => "user",
                Providers.CredentialMode.Agent => "agent",
                _ => null,
            },
            ClientIp = outcome.ClientIp(context),
            Outcome = completion,
            ResponseBytes = completion is null ? null : agentRequest?.ResponseBytes,

            // Set while the response streams (headers and body scan), so read at completion only.
            CredentialEchoed = agentRequest is { CredentialEchoed: true } ? true : null,
            Addressing = agentRequest?.ProviderHostBase is null ? null : AddressedByHost,
            Tool = toolCall?.Tool,
            ArgumentsHash = toolCall?.ArgumentsHash,
            BatchSize = agentRequest?.Batch?.SubRequests,
            BatchDecidingIndex = agentRequest?.Batch?.DecidingIndex,
            ApprovalId = agentRequest?.ApprovalId,
        };
    }

    private static string DecisionOf(AgentRequestFeature? agentRequest, string? errorCode, int? status, string? completion)
    {
        if (agentRequest is { Forwarded: true })
        {
            return errorCode is not null ? AuditDecisions.Failed
                : agentRequest.ShadowRefusal is not null ? AuditDecisions.WouldDeny
                : AuditDecisions.Allowed;
        }

        if (completion == AuditOutcomes.ClientAborted)
        {
            // Left before any answer: neither allowed nor denied.
            return AuditDecisions.Failed;
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
