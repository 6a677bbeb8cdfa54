using Latchkey.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Latchkey.Telemetry;

/// <summary>
/// Registers Latchkey's instruments (always: without a listener they cost nothing) and, only when
/// <c>Latchkey:Telemetry:Enabled</c> is true, the OpenTelemetry SDK that listens to them and
/// exports metrics by OTLP and/or the Prometheus scrape endpoint, and traces by OTLP only.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "latchkey";

    public static IServiceCollection AddLatchkeyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<TelemetryOptions, TelemetryOptionsValidator>()
            .BindConfiguration(TelemetryOptions.SectionName);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LatchkeyMetrics>();
        services.TryAddSingleton<RequestTelemetry>();
        services.TryAddSingleton<AuditShippingLag>();

        // Read once here to decide what to register; an invalid value still stops the start
        // through the validator above.
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.SectionName).Bind(options);
        if (!options.Enabled)
        {
            return services;
        }

        var otlp = TelemetryOptionsValidator.OtlpEndpointOf(options.OtlpEndpoint);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LatchkeyMetrics.MeterName);
                metrics.AddInstrumentation(provider => new TelemetryGauges(
                    provider.GetRequiredService<LatchkeyMetrics>(),
                    provider.GetRequiredService<DurableAuditBuffer>(),
                    provider.GetRequiredService<AuditShippingLag>()));
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => Configure(exporter, options, otlp, "v1/metrics"));
                }

                if (options.Prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        // Spans go nowhere but OTLP: with Prometheus alone a tracer would only cost each request a
        // span. A host that registers its own tracer provider on the Latchkey source (an exporter
        // of its own, a test's in-memory one) still gets the request spans (UseLatchkeyRequestSpans).
        if (options.Traces && otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(LatchkeyActivities.SourceName)
                .SetSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1)))
                .AddOtlpExporter(exporter => Configure(exporter, options, otlp, "v1/traces")));
        }

        return services;
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, Uri endpoint, string signalPath)
    {
        if (options.OtlpProtocol == TelemetryOptions.HttpProtobufProtocol)
        {
            // Set in code, the endpoint is used as is: the signal's path is ours to append.
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }
}
