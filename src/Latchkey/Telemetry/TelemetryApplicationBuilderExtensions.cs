using System.Net;
using Latchkey.Forwarding;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Trace;

namespace Latchkey.Telemetry;

/// <summary>The telemetry pieces of the request pipeline: the request span step and the Prometheus scrape endpoint.</summary>
public static class TelemetryApplicationBuilderExtensions
{
    /// <summary>
    /// In the data plane's branch, before its first step: the request span, only while traces are
    /// on and a tracer provider exists to export them (Latchkey's with an OTLP endpoint, or the host's own).
    /// </summary>
    public static IApplicationBuilder UseLatchkeyRequestSpans(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        return options is { Enabled: true, Traces: true } && app.ApplicationServices.GetService<TracerProvider>() is not null
            ? app.UseMiddleware<RequestSpanStep>()
            : app;
    }

    /// <summary>
    /// <c>GET /metrics</c> for Prometheus, answered only to loopback callers. Runs in the request
    /// gate before the audit step (<c>UseLatchkeyRequestGate</c>'s <c>beforeAudit</c>): the scrape
    /// is no data-plane request, so it is answered while the audit buffer is full or unwritable,
    /// exactly when its gauges matter, and leaves no audit record. <c>metrics</c> is a reserved
    /// first segment (<c>DataPlane/ReservedSegments</c>), so no provider path can reach it; any
    /// other caller falls through to the reserved segment's 404.
    /// </summary>
    public static IApplicationBuilder UseLatchkeyPrometheus(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        return options is { Enabled: true, Prometheus.Enabled: true }
            ? app.UseOpenTelemetryPrometheusScrapingEndpoint(IsLoopbackScrape)
            : app;
    }

    /// <summary>
    /// A scrape from this host itself: a loopback peer that relays for no one. A reverse proxy,
    /// TLS terminator or sidecar in the same pod also connects from loopback, on behalf of every
    /// agent; the headers such proxies add (<c>Forwarded</c>, <c>X-Forwarded-*</c>,
    /// <c>X-Real-IP</c>, <c>Via</c>, ...) mark the request as theirs, and it gets the 404.
    /// </summary>
    internal static bool IsLoopbackScrape(HttpContext context) =>
        context.Request.Path.Equals(PrometheusScrapeOptions.Path, StringComparison.Ordinal)
        && context.Connection.RemoteIpAddress is { } remote
        && IPAddress.IsLoopback(remote)
        && !IsRelayed(context.Request.Headers);

    private static bool IsRelayed(IHeaderDictionary headers)
    {
        foreach (var header in headers)
        {
            // The client-identity claims Latchkey strips before forwarding, and Via (RFC 9110 §7.6.3).
            if (ClientIdentityHeaders.Contains(header.Key) || string.Equals(header.Key, HeaderNames.Via, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
