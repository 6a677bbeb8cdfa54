using System.Diagnostics.Metrics;
using Latchkey.Audit;

namespace Latchkey.Telemetry;

/// <summary>
/// The observable gauges, registered as meter-provider instrumentation while telemetry is on:
/// read at each collection, nothing on the request path.
/// </summary>
internal sealed class TelemetryGauges
{
    public TelemetryGauges(LatchkeyMetrics metrics, DurableAuditBuffer buffer, AuditShippingLag lag)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        BufferSize = metrics.Meter.CreateObservableGauge("latchkey.audit.buffer.size", () => buffer.BufferedBytes, "By",
            "Bytes in this instance's audit buffer segments (a segment is deleted once shipped; at the cap requests are refused).");
        ShippingLag = metrics.Meter.CreateObservableGauge("latchkey.audit.shipping.lag", () => lag.Current.TotalSeconds, "s",
            "Time since the Seq shipper last had nothing left to send; 0 while caught up.");
    }

    public ObservableGauge<long> BufferSize { get; }

    public ObservableGauge<double> ShippingLag { get; }
}
