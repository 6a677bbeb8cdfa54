using System.Diagnostics;
using System.Diagnostics.Metrics;
using Latchkey.Audit;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Telemetry;
using Latchkey.Testing;
using Latchkey.Tests.Admin;
using Latchkey.Tests.Config;
using Latchkey.Tests.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.DataPlane;

/// <summary>The outermost request step: fail closed, answer an unexpected exception, and record what was answered.</summary>
public sealed class DataPlaneAuditMiddlewareTests : IDisposable
{
    private readonly RecordingAuditTrail _trail = new();
    private readonly ListLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task An_exception_from_a_later_step_is_answered_500_and_that_answer_is_audited()
    {
        var context = new StepContext();
        var middleware = Create(_ => throw new InvalidOperationException("boom"));

        await middleware.InvokeAsync(context.Http);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Status);
        var recorded = Assert.Single(_trail.Events);
        Assert.Equal(AuditEvent.RequestEventType, recorded.EventType);
        Assert.Equal(StatusCodes.Status500InternalServerError, recorded.Status);
        Assert.Equal(AuditDecisions.Failed, recorded.Decision);
        Assert.Equal(ErrorCodes.InternalError, recorded.Reason);
        Assert.Single(_logs.Events, e => e.EventId.Id == 4099);
    }

    [Fact]
    public async Task A_forwarded_request_gets_its_write_ahead_record_and_then_its_completion()
    {
        var context = new StepContext();
        DataPlaneAudit? audit = null;
        var middleware = Create(async http =>
        {
            context.AgentRequest.Forwarded = true;
            Assert.True(await audit!.RecordForwardAsync(http, context.AgentRequest));
        }, created => audit = created);

        await middleware.InvokeAsync(context.Http);

        Assert.Equal([AuditEvent.ForwardEventType, AuditEvent.RequestEventType], _trail.Events.Select(e => e.EventType));
        Assert.Equal(AuditOutcomes.Completed, _trail.Events[1].Outcome);
    }

    [Fact]
    public async Task A_write_ahead_record_that_failed_is_taken_back_so_the_refusal_is_the_one_record()
    {
        var context = new StepContext();
        DataPlaneAudit? audit = null;
        var middleware = Create(async http =>
        {
            _trail.IsWritable = false;
            Assert.False(await audit!.RecordForwardAsync(http, context.AgentRequest));
            DataPlaneAudit.ForwardNotRecorded(http);
            _trail.IsWritable = true;
            await ErrorResponseWriter.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable, "No audit.");
        }, created => audit = created);

        await middleware.InvokeAsync(context.Http);

        var recorded = Assert.Single(_trail.Events);
        Assert.Equal(AuditEvent.RequestEventType, recorded.EventType);
        Assert.Equal(ErrorCodes.AuditUnavailable, recorded.Reason);
        Assert.Null(recorded.Outcome);
    }

    [Fact]
    public async Task A_refusal_whose_record_cannot_be_written_is_answered_503_audit_unavailable_instead()
    {
        var context = new StepContext();
        var middleware = Create(http =>
        {
            _trail.IsWritable = false;
            return ErrorResponseWriter.WriteAsync(http, StatusCodes.Status403Forbidden, ErrorCodes.RouteDenied, "No rule allows this request.");
        });

        await middleware.InvokeAsync(context.Http);

        Assert.Equal((StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable), (context.Status, context.ErrorCode));
        Assert.Equal(ErrorCodes.AuditUnavailable, context.Body().GetProperty("error").GetString());
        Assert.Equal(ErrorCodes.AuditUnavailable, context.Http.Response.Headers[ErrorResponseWriter.ErrorHeaderName].ToString());
        Assert.Empty(_trail.Events);
        Assert.Contains(_logs.Events, e => e.EventId.Id == 4002);
    }

    [Fact]
    public async Task A_refusal_replaced_by_503_audit_unavailable_is_observed_once_as_the_503_that_was_sent()
    {
        var context = new StepContext();
        using var span = new Activity(LatchkeyActivities.Request).Start();
        context.Http.Features.Set(new RequestSpanFeature(span));
        var meters = TestMetrics.CreateFactory();
        using var measurements = new RecordedMeasurements(meters);
        var middleware = Create(http =>
        {
            _trail.IsWritable = false;
            return ErrorResponseWriter.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests.");
        }, meters: meters);

        await middleware.InvokeAsync(context.Http);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Status);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, span.GetTagItem(TelemetryTags.StatusCode));
        Assert.Equal(ErrorCodes.AuditUnavailable, span.GetTagItem(TelemetryTags.Reason));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Empty(measurements.Of("latchkey.rate_limit.refusals"));
        var counted = Assert.Single(measurements.Of("latchkey.requests"));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, counted.Tags[TelemetryTags.StatusCode]);
        Assert.Equal(ErrorCodes.AuditUnavailable, counted.Tags[TelemetryTags.Reason]);
    }

    [Fact]
    public async Task A_503_audit_unavailable_that_replaces_a_refusal_carries_none_of_the_refusals_headers()
    {
        var context = new StepContext();
        var middleware = Create(http =>
        {
            _trail.IsWritable = false;
            http.Response.Headers.RetryAfter = "7";
            return ErrorResponseWriter.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests.");
        });

        await middleware.InvokeAsync(context.Http);

        Assert.Equal((StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable), (context.Status, context.ErrorCode));
        Assert.False(context.Http.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(ErrorCodes.AuditUnavailable, context.Http.Response.Headers[ErrorResponseWriter.ErrorHeaderName].ToString());
    }

    [Fact]
    public async Task A_completion_that_cannot_be_written_is_logged_with_the_request_id()
    {
        var context = new StepContext();
        var middleware = Create(http =>
        {
            _trail.IsWritable = false;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context.Http);

        var (_, _, message) = Assert.Single(_logs.Events, e => e.EventId.Id == 4002);
        Assert.Contains("req-1", message, StringComparison.Ordinal);
    }

    private DataPlaneAuditMiddleware Create(RequestDelegate next, Action<DataPlaneAudit>? created = null, IMeterFactory? meters = null)
    {
        var audit = new DataPlaneAudit(_trail, TimeProvider.System, _logs.CreateLogger<DataPlaneAudit>(),
            new RequestTelemetry(new LatchkeyMetrics(meters ?? TestMetrics.CreateFactory())));
        created?.Invoke(audit);
        return new DataPlaneAuditMiddleware(next, audit, TimeProvider.System,
            new ProviderHostMatcher(Options.Create(new ProviderHostOptions())),
            new UnhandledExceptionResponder(_logs.CreateLogger<UnhandledExceptionResponder>()));
    }
}
