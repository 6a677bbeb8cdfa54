namespace Latchkey.Telemetry;

/// <summary>
/// <c>Latchkey:Telemetry</c>: OpenTelemetry metrics and traces. Off by default; while off no
/// OpenTelemetry provider exists, nothing listens to Latchkey's meter or activity source, and
/// every instrument call returns at its first check.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Latchkey:Telemetry";

    public const string GrpcProtocol = "grpc";
    public const string HttpProtobufProtocol = "http/protobuf";

    public bool Enabled { get; set; }

    /// <summary>
    /// Where metrics and traces are exported by OTLP (a collector, Grafana Alloy, Seq, ...). Empty:
    /// no OTLP export (Prometheus only). Base URL: <c>/v1/traces</c> and <c>/v1/metrics</c> are
    /// appended for <c>http/protobuf</c>.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318).</summary>
    public string OtlpProtocol { get; set; } = GrpcProtocol;

    /// <summary>Exports request traces; metrics only when false.</summary>
    public bool Traces { get; set; } = true;

    /// <summary>Share of requests whose trace is kept, 0 to 1 (every trace starts at Latchkey: nothing upstream of it decides).</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    public PrometheusScrapeOptions Prometheus { get; set; } = new();
}
