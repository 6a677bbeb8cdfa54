using System.Diagnostics;
using System.Net;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Telemetry;
using Latchkey.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Latchkey.IntegrationTests.Telemetry;

/// <summary>Metrics and traces with telemetry on (in-memory exporters), and nothing at all with it off.</summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class TelemetryTests
{
    private static readonly Dictionary<string, string?> On = new()
    {
        ["Latchkey:Telemetry:Enabled"] = "true",
        ["Latchkey:Telemetry:Prometheus:Enabled"] = "true",
    };

    [Fact]
    public async Task Requests_are_counted_by_provider_decision_and_reason()
    {
        var metrics = new ExportedItemCollection<MetricSnapshot>();
        var (host, session) = await StartConnectedAsync(On, s => s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        await using var _ = host;

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var denied = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/settings/filters", session.Token);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var unknown = await host.SendAsync(HttpMethod.Get, "/no-such-provider-PLANTED/x", session.Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        host.Factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var requests = Points(metrics, "latchkey.requests");
        Assert.Equal(2, Sum(requests, ("latchkey.provider", "mail"), ("latchkey.decision", "allowed"), ("http.response.status_code", 200)));
        Assert.Equal(1, Sum(requests, ("latchkey.provider", "mail"), ("latchkey.decision", "denied"), ("latchkey.reason", "route_denied")));
        Assert.Equal(1, Sum(requests, ("latchkey.provider", "_unknown"), ("latchkey.reason", "unknown_provider")));
        Assert.DoesNotContain(metrics, m => m.MetricPoints.Any(p => Tags(p).Values.Any(v => v?.ToString()?.Contains("PLANTED", StringComparison.Ordinal) == true)));

        var durations = Points(metrics, "latchkey.request.duration");
        Assert.Equal(2, durations.Where(p => Matches(p, ("latchkey.decision", "allowed"))).Sum(p => p.GetHistogramCount()));
        var upstream = Points(metrics, "latchkey.upstream.duration");
        Assert.Equal(2, upstream.Where(p => Matches(p, ("latchkey.provider", "mail"), ("http.response.status_code", 200))).Sum(p => p.GetHistogramCount()));
        Assert.Contains(metrics, m => m.Name == "latchkey.audit.buffer.size");
    }

    [Fact]
    public async Task A_request_is_one_root_span_with_the_decision_and_an_upstream_child_and_no_trace_header_reaches_the_provider()
    {
        var spans = new ExportedItemCollection<Activity>();
        var (host, session) = await StartConnectedAsync(On, s => s.AddOpenTelemetry().WithTracing(t => t.AddSource(LatchkeyActivities.SourceName).AddInMemoryExporter(spans)));
        await using var _ = host;

        const string AgentTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mail/gmail/v1/users/me/messages");
        request.Headers.Authorization = new("Bearer", session.Token);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{AgentTraceId}-00f067aa0ba902b7-01");
        request.Headers.TryAddWithoutValidation("tracestate", "agent=1");
        request.Headers.TryAddWithoutValidation("baggage", "user=alice");
        request.Headers.TryAddWithoutValidation("Request-Id", "|agent.1.");
        request.Headers.TryAddWithoutValidation("Correlation-Context", "k=v");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("Latchkey-Request-Id").Single();

        var received = Assert.Single(host.Upstream.Received);
        foreach (var header in new[] { "traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context" })
        {
            Assert.DoesNotContain(received.RequestMessage.Headers!.Keys, k => string.Equals(k, header, StringComparison.OrdinalIgnoreCase));
        }

        host.Factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var root = Assert.Single(spans, s => s.OperationName == LatchkeyActivities.Request && (string?)s.GetTagItem(TelemetryTags.RequestId) == requestId);
        Assert.Equal("latchkey.request mail", root.DisplayName);
        Assert.Equal(default, root.ParentSpanId);
        Assert.NotEqual(AgentTraceId, root.TraceId.ToHexString());
        Assert.Equal("allowed", root.GetTagItem(TelemetryTags.Decision));
        Assert.Equal("mail.read", root.GetTagItem(TelemetryTags.RuleId));
        Assert.Equal(200, root.GetTagItem(TelemetryTags.StatusCode));
        var upstream = Assert.Single(spans, s => s.OperationName == LatchkeyActivities.Upstream && s.TraceId == root.TraceId);
        Assert.Equal(root.SpanId, upstream.ParentSpanId);
        Assert.Equal(200, upstream.GetTagItem(TelemetryTags.UpstreamStatusCode));
    }

    [Fact]
    public async Task Store_calls_are_child_spans_of_the_request_and_a_refusal_ends_its_span_too()
    {
        TestConfigs.EnsureEnvironment();
        await using var redis = await RedisProcess.StartAsync();
        var spans = new ExportedItemCollection<Activity>();
        var settings = new Dictionary<string, string?>(On) { ["Latchkey:Redis"] = Redis.RedisInstances.WithSetupTolerantDeadline(redis.ConnectionString) };
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, settings: settings,
            services: s => s.AddOpenTelemetry().WithTracing(t => t.AddSource(LatchkeyActivities.SourceName).AddInMemoryExporter(spans)));
        var session = await host.CreateSessionAsync("acme", "alice", "support-bot", "email.read");

        // No connection for mail: a refusal (409 connection_required) after the vault was read from Redis.
        using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
        var requestId = response.Headers.GetValues("Latchkey-Request-Id").Single();

        host.Factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var root = Assert.Single(spans, s => s.OperationName == LatchkeyActivities.Request && (string?)s.GetTagItem(TelemetryTags.RequestId) == requestId);
        Assert.Equal("denied", root.GetTagItem(TelemetryTags.Decision));
        Assert.Equal("connection_required", root.GetTagItem(TelemetryTags.Reason));
        var stores = spans.Where(s => s.OperationName == LatchkeyActivities.Store && s.TraceId == root.TraceId).ToList();
        Assert.NotEmpty(stores);
        Assert.All(stores, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.All(stores, s => Assert.Equal("redis", s.GetTagItem(TelemetryTags.DbSystem)));
        Assert.DoesNotContain(spans, s => s.OperationName == LatchkeyActivities.Upstream && s.TraceId == root.TraceId);
    }

    [Fact]
    public async Task Prometheus_scrape_is_answered_on_loopback_with_latchkey_metrics()
    {
        TestConfigs.EnsureEnvironment();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, settings: On);
        var session = await host.CreateSessionAsync("acme", "alice", "support-bot", "email.read");
        using (await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/settings/filters", session.Token))
        {
        }

        using var scrape = await host.Client.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("latchkey_requests_total{", text, StringComparison.Ordinal);
        Assert.Contains("latchkey_decision=\"denied\"", text, StringComparison.Ordinal);
        Assert.Contains("latchkey_audit_buffer_size_bytes", text, StringComparison.Ordinal);

        // The names deploy/grafana/latchkey-dashboard.json queries.
        Assert.Contains("latchkey_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("latchkey_audit_shipping_lag_seconds", text, StringComparison.Ordinal);

        // Under the reserved segment only: /metrics/anything is the plain reserved 404, never a provider.
        using var below = await host.Client.GetAsync("/metrics/x");
        Assert.Equal(HttpStatusCode.NotFound, below.StatusCode);
    }

    [Fact]
    public async Task Prometheus_scrape_is_answered_while_the_audit_buffer_cannot_be_written_and_is_no_data_plane_request()
    {
        var metrics = new ExportedItemCollection<MetricSnapshot>();
        var (host, session) = await StartConnectedAsync(On, s => s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        await using var _ = host;

        // Replace the buffer folder with a file (as HealthTests does): the data plane fails closed.
        var audit = Path.Combine(host.Root, "audit");
        Directory.Move(audit, audit + ".moved");
        await File.WriteAllTextAsync(audit, "not a folder");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var refused = false;
        while (!refused && DateTime.UtcNow < deadline)
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
            refused = response.StatusCode == HttpStatusCode.ServiceUnavailable;
            if (!refused)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(refused, "the data plane did not fail closed");
        var meters = host.Factory.Services.GetRequiredService<MeterProvider>();
        meters.ForceFlush();
        var countedBefore = Sum(Points(metrics, "latchkey.requests"));
        using var scrape = await host.Client.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("latchkey_audit_buffer_size_bytes", text, StringComparison.Ordinal);
        meters.ForceFlush();
        Assert.Equal(countedBefore, Sum(Points(metrics, "latchkey.requests")));
        File.Delete(audit);
        Directory.Move(audit + ".moved", audit);
    }

    [Fact]
    public async Task Without_a_trace_exporter_no_tracer_is_registered_and_requests_get_no_span()
    {
        var (host, session) = await StartConnectedAsync(On, services: null);
        await using var _ = host;

        using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(host.Factory.Services.GetService<MeterProvider>());
        Assert.Null(host.Factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Telemetry_off_registers_no_provider_and_nothing_listens()
    {
        var (host, session) = await StartConnectedAsync(settings: null, services: null);
        await using var _ = host;
        using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Null(host.Factory.Services.GetService<MeterProvider>());
        Assert.Null(host.Factory.Services.GetService<TracerProvider>());
        Assert.False(host.Factory.Services.GetRequiredService<LatchkeyMetrics>().RequestsObserved);
        Assert.False(LatchkeyActivities.Source.HasListeners());
        using var scrape = await host.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
    }

    /// <summary>A host whose user alice has a session (email.read) and a mail connection.</summary>
    private static async Task<(LatchkeyTestHost Host, CreatedSession Session)> StartConnectedAsync(
        Dictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        TestConfigs.EnsureEnvironment();
        var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, settings: settings, services: services);
        var session = await host.CreateSessionAsync("acme", "alice", "support-bot", "email.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.telemetry");
        return (host, session);
    }

    // Cumulative: the last export of a metric holds its totals.
    private static List<MetricPoint> Points(IEnumerable<MetricSnapshot> metrics, string name) =>
        metrics.LastOrDefault(m => m.Name == name)?.MetricPoints.ToList() ?? [];

    private static long Sum(List<MetricPoint> points, params (string Key, object Value)[] tags) =>
        points.Where(p => Matches(p, tags)).Sum(p => p.GetSumLong());

    private static bool Matches(MetricPoint point, params (string Key, object Value)[] tags)
    {
        var actual = Tags(point);
        return tags.All(t => actual.TryGetValue(t.Key, out var v) && Equals(v, t.Value));
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }
}
