using System.Diagnostics;
using Latchkey.Forwarding;
using Latchkey.Hosting;
using Latchkey.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.DataPlane;

/// <summary>
/// Last step of the data plane: hands a request every earlier step let through to YARP's
/// forwarder, which streams it to the provider's upstream and the answer back, and answers a
/// forwarding failure with the contract's error (<see cref="UpstreamFailureResponse"/>).
/// </summary>
/// <remarks>
/// Latchkey calls <see cref="IHttpForwarder"/> directly rather than through YARP's routes and
/// proxy pipeline: the provider is already known from the canonical path, there is one
/// destination per provider, and the allowlist is ours, so endpoint routing, route values,
/// load balancing and health state would only add per-request cost (bench/README.md).
/// </remarks>
internal sealed class UpstreamForwardingStep
{
    private readonly IHttpForwarder _forwarder;
    private readonly HttpTransformer _transformer;
    private readonly ForwarderRequestConfig _requestConfig;
    private readonly DataPlaneAudit _audit;
    private readonly ILogger<UpstreamForwardingStep> _logger;
    private readonly LatchkeyMetrics _metrics;

    public UpstreamForwardingStep(
        RequestDelegate next,
        IHttpForwarder forwarder,
        UpstreamTransformerFactory transformers,
        IOptions<ForwardingOptions> options,
        DataPlaneAudit audit,
        ILogger<UpstreamForwardingStep> logger,
        LatchkeyMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        ArgumentNullException.ThrowIfNull(options);
        _ = next; // terminal: nothing runs after the forwarder
        _forwarder = forwarder;
        _transformer = transformers.Create();
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = options.Value.UpstreamTimeout };
        _audit = audit;
        _logger = logger;
        _metrics = metrics;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.Get<AgentRequestFeature>();
        if (agentRequest is not { Forwarded: true, Upstream: { } upstream })
        {
            // Only reachable if a step was skipped: never forward an undecided request.
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.CredentialUnavailable, "No credential was decided for this request.");
        }

        return ForwardAsync(context, agentRequest, upstream);
    }

    private async Task ForwardAsync(HttpContext context, AgentRequestFeature agentRequest, UpstreamTarget upstream)
    {
        // Write-ahead: the record of what is about to be forwarded is handed to the OS before a
        // byte leaves for the upstream, so a crash or a full disk can never leave an upstream
        // action without its audit record.
        if (!await _audit.RecordForwardAsync(context, agentRequest))
        {
            DataPlaneAudit.ForwardNotRecorded(context);
            agentRequest.Forwarded = false;
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.AuditUnavailable, "The audit trail cannot be written; nothing is forwarded until it can.");
            return;
        }

        var body = context.Response.Body;
        var counter = new ResponseByteCounter(body);
        context.Response.Body = counter;
        var span = LatchkeyActivities.StartChild(LatchkeyActivities.Upstream, agentRequest.ProviderDefinition?.Name, ActivityKind.Client);
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var error = await _forwarder.SendAsync(context, upstream.DestinationPrefix, upstream.Client, _requestConfig, _transformer);
            agentRequest.ForwarderError = error;
            await Completed(context, agentRequest, error);
        }
        finally
        {
            context.Response.Body = body;
            agentRequest.ResponseBytes = counter.Written;
            _metrics.RecordUpstream(agentRequest.ProviderDefinition?.Name, agentRequest.UpstreamStatus, startedAt);
            span?.SetTag(TelemetryTags.UpstreamStatusCode, agentRequest.UpstreamStatus);
            span?.Dispose();
        }
    }

    private Task Completed(HttpContext context, AgentRequestFeature agentRequest, ForwarderError error)
    {
        // The response transform may have put an EchoScrubbingStream in front of the body; a
        // tail it still holds (it never completed the secret) goes out once the body has ended.
        if (context.Response.Body is EchoScrubbingStream scrubber)
        {
            context.Response.Body = scrubber.Inner;
            if (error == ForwarderError.None)
            {
                return scrubber.CompleteAsync(context.RequestAborted);
            }
        }

        return error == ForwarderError.None ? Task.CompletedTask : UpstreamFailureResponse.WriteAsync(context, _logger, agentRequest.Provider);
    }
}
