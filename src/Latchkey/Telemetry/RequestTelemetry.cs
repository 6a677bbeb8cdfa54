using System.Diagnostics;
using Latchkey.Audit;
using Latchkey.Rules;

namespace Latchkey.Telemetry;

/// <summary>
/// Turns each data-plane request's audit record into its metrics and ends its span: one
/// observation point, so metrics, traces and the audit trail can never disagree about a
/// request's provider, decision, reason or status.
/// </summary>
public sealed class RequestTelemetry
{
    private readonly LatchkeyMetrics _metrics;

    public RequestTelemetry(LatchkeyMetrics metrics) => _metrics = metrics;

    /// <summary>Called with the request's <c>latchkey.request</c> record (refusal or completion), before it is written.</summary>
    /// <param name="context">The request.</param>
    /// <param name="record">Its audit record.</param>
    /// <param name="providerName">The provider the request resolved to, or null when it named none.</param>
    public void Observe(HttpContext context, AuditEvent record, string? providerName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        var span = context.Features.Get<RequestSpanFeature>()?.Activity;
        if (span is null && !_metrics.RequestsObserved)
        {
            return;
        }

        // The first path segment is the agent's text until a provider of that name is found.
        var provider = providerName ?? TelemetryTags.UnknownProvider;
        var method = MethodOf(record);
        _metrics.RecordRequest(record, provider, method);
        if (span is not null)
        {
            context.Features.Set<RequestSpanFeature?>(null);
            End(span, record, provider, method);
        }
    }

    /// <summary>
    /// A <c>latchkey.request</c> record written outside the data plane's pipeline, with no span to
    /// end: a tool call refused for its arguments. Its <c>Provider</c> is the tool's, a configured
    /// provider's name.
    /// </summary>
    public void Count(AuditEvent record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_metrics.RequestsObserved)
        {
            _metrics.RecordRequest(record, record.Provider ?? TelemetryTags.UnknownProvider, MethodOf(record));
        }
    }

    private static string MethodOf(AuditEvent record) =>
        record.Method is { } m && RuleMethods.All.Contains(m) ? m : TelemetryTags.OtherMethod;

    private static void End(Activity span, AuditEvent record, string provider, string method)
    {
        if (span.IsAllDataRequested)
        {
            span.DisplayName = $"{LatchkeyActivities.Request} {provider}";
            span.SetTag(TelemetryTags.RequestId, record.RequestId);
            span.SetTag(TelemetryTags.Provider, provider);
            span.SetTag(TelemetryTags.RuleId, record.RuleId);
            span.SetTag(TelemetryTags.Decision, record.Decision);
            span.SetTag(TelemetryTags.Reason, record.Reason);
            span.SetTag(TelemetryTags.Method, method);
            span.SetTag(TelemetryTags.StatusCode, record.Status);
            span.SetTag(TelemetryTags.UpstreamStatusCode, record.UpstreamStatus);
            if (record.Status >= StatusCodes.Status500InternalServerError)
            {
                span.SetStatus(ActivityStatusCode.Error, record.Reason);
            }
        }

        span.Stop();
    }
}
