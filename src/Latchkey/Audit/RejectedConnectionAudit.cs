using System.Diagnostics.Metrics;
using Latchkey.Hosting;

namespace Latchkey.Audit;

/// <summary>
/// Records the requests Kestrel refuses before any of Latchkey's code runs (duplicate
/// <c>Content-Length</c>, a bad <c>Transfer-Encoding</c>, oversized headers, a malformed request
/// line, a header timeout): one <c>latchkey.rejected</c> audit event per such connection.
/// </summary>
/// <remarks>
/// Kestrel answers these itself and closes the connection; no request object ever exists, so the
/// record is connection-level: the reason is the <c>error.type</c> Kestrel reports on its
/// <c>kestrel.connection.duration</c> metric, with the client's address and a fresh request id;
/// method and path are never known (and would be the hostile bytes anyway).
/// </remarks>
internal sealed class RejectedConnectionAudit : IHostedService, IDisposable
{
    private const string KestrelMeterName = "Microsoft.AspNetCore.Server.Kestrel";
    private const string ConnectionDurationInstrument = "kestrel.connection.duration";

    // Kestrel's connection end reasons that mean "the request was refused before the app saw it".
    // Reasons that arise while the app runs (body limits, data rates) are the data plane's to record.
    // other_error is what Kestrel reports for the refusals it has no finer name for (a
    // Transfer-Encoding whose last coding is not chunked, for one); its status is not reported.
    private static readonly Dictionary<string, int?> RejectionStatus = new(StringComparer.Ordinal)
    {
        ["other_error"] = null,
        ["invalid_request_line"] = StatusCodes.Status400BadRequest,
        ["invalid_request_headers"] = StatusCodes.Status400BadRequest,
        ["invalid_http_version"] = StatusCodes.Status505HttpVersionNotsupported,
        ["max_request_headers_total_size_exceeded"] = StatusCodes.Status431RequestHeaderFieldsTooLarge,
        ["max_request_header_count_exceeded"] = StatusCodes.Status431RequestHeaderFieldsTooLarge,
        ["request_headers_timeout"] = StatusCodes.Status408RequestTimeout,
    };

    private readonly IAuditTrail _audit;
    private readonly IMeterFactory _meters;
    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();

    public RejectedConnectionAudit(IAuditTrail audit, IMeterFactory meters, TimeProvider time)
    {
        _audit = audit;
        _meters = meters;
        _time = time;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this host's Kestrel: test processes and hosts that share a process each have their own factory.
            if (instrument.Meter.Name == KestrelMeterName && instrument.Name == ConnectionDurationInstrument
                && ReferenceEquals(instrument.Meter.Scope, _meters))
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, _, tags, state) => ((RejectedConnectionAudit)state!).OnConnectionEnded(tags));
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void OnConnectionEnded(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? reason = null;
        string? clientIp = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "error.type":
                    reason = tag.Value as string;
                    break;
                case AgentConnectionDefaults.ClientAddressTag:
                    clientIp = tag.Value as string;
                    break;
            }
        }

        if (reason is null || !RejectionStatus.TryGetValue(reason, out var status))
        {
            return;
        }

        // Not awaited: this runs on Kestrel's connection teardown, and a failed write is the
        // buffer's to report (it fails closed for everything else meanwhile).
        _ = _audit.TryWriteAsync(new AuditEvent
        {
            EventType = AuditEvent.RejectedEventType,
            Timestamp = _time.GetUtcNow(),
            RequestId = RequestIds.Next(),
            Decision = AuditDecisions.Denied,
            Reason = reason,
            Status = status,
            ClientIp = clientIp,
            DurationMs = double.NaN,
        });
    }
}
