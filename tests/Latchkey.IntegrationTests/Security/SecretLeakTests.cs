using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// Plants secrets in every place an agent or provider can put them, drives allowed, refused and
/// failing requests, then searches everything Latchkey emitted for them.
/// </summary>
public sealed class SecretLeakTests
{
    private const string UserToken = "ya29.PLANTED-USER-TOKEN-81f2c";
    private const string QueryValue = "PLANTEDQUERYVALUE77";
    private const string BodyMarker = "PLANTEDBODYMARKER42";
    private const string CookieValue = "PLANTEDCOOKIE9d1";
    private const string ProxyAuth = "UExBTlRFRFBST1hZQVVUSA==";

    [Fact]
    public async Task No_secret_reaches_audit_events_logs_seq_error_bodies_spans_metrics_or_the_upstream()
    {
        TestConfigs.EnsureEnvironment();
        var spans = new ExportedItemCollection<Activity>();
        var metrics = new ExportedItemCollection<MetricSnapshot>();
        var telemetry = new Dictionary<string, string?>
        {
            ["Latchkey:Telemetry:Enabled"] = "true",
            ["Latchkey:Telemetry:Prometheus:Enabled"] = "true",
        };
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, settings: telemetry, services: s => s
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics))
            .AddOpenTelemetry().WithTracing(t => t.AddSource(Latchkey.Telemetry.LatchkeyActivities.SourceName).AddInMemoryExporter(spans)));
        var session = await host.CreateSessionAsync("acme", "alice", "support-bot", "email.send", "email.read", "tickets.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", UserToken);
        var jwt = host.Jwt.Issue("acme", "alice");

        var responses = new StringBuilder();
        foreach (var (method, path) in Traffic)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "POST" ? new StringContent("{\"note\":\"" + BodyMarker + "\"}", Encoding.UTF8, "application/json") : null,
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            request.Headers.Add("Cookie", "sid=" + CookieValue);
            request.Headers.Add("Proxy-Authorization", "Basic " + ProxyAuth);
            using var response = await host.Client.SendAsync(request);
            responses.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync());
        }

        using (var list = new HttpRequestMessage(HttpMethod.Get, "/v1/sessions"))
        {
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            using var listed = await host.Client.SendAsync(list);
            responses.AppendLine(await listed.Content.ReadAsStringAsync());
        }

        // Let the shipper deliver what is buffered: every request's event must reach the stand-in.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (host.Seq!.Events.Count(e => e.TryGetProperty("EventType", out var t) && t.GetString() == "latchkey.request") < Traffic.Length
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var emitted = new StringBuilder(await host.EmittedTextAsync());
        host.Factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.NotEmpty(spans);
        Assert.NotEmpty(metrics);
        foreach (var span in spans)
        {
            emitted.AppendLine(span.DisplayName).AppendJoin(' ', span.TagObjects.Select(t => $"{t.Key}={t.Value}")).AppendLine();
        }

        foreach (var metric in metrics)
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    emitted.Append(metric.Name).Append(' ').Append(tag.Key).Append('=').Append(tag.Value).AppendLine();
                }
            }
        }

        using (var scrape = await host.Client.GetAsync("/metrics"))
        {
            emitted.AppendLine(await scrape.Content.ReadAsStringAsync());
        }

        Assert.NotEmpty(host.Seq.Events);
        string[] secrets = [session.Token, UserToken, TestConfigs.TicketsKey, QueryValue, BodyMarker, CookieValue, ProxyAuth, jwt];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, emitted.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, responses.ToString(), StringComparison.Ordinal);
        }

        var upstream = string.Join('\n', host.Upstream.Received.Select(e => JsonSerializer.Serialize(e.RequestMessage.Headers)));
        foreach (var secret in new[] { session.Token, CookieValue, ProxyAuth, jwt })
        {
            Assert.DoesNotContain(secret, upstream, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Process_output_never_contains_a_secret()
    {
        TestConfigs.EnsureEnvironment();
        using var upstream = new RecordingUpstream();
        using var seq = new SeqStandIn();
        var jwt = new TestJwt();
        using var root = TempRoot.Create("latchkey-proc-");
        Directory.CreateDirectory(Path.Combine(root, "config"));
        await File.WriteAllTextAsync(Path.Combine(root, "config", "providers.yaml"), TestConfigs.Providers.Replace("{upstream}", upstream.Url, StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(root, "config", "rules.yaml"), TestConfigs.Rules);

        await using var process = await LatchkeyProcess.StartAsync(root, new Dictionary<string, string>
        {
            ["Latchkey__ConfigDir"] = Path.Combine(root, "config"),
            ["Latchkey__Audit__BufferPath"] = Path.Combine(root, "audit"),
            ["Latchkey__Admin__SigningKey"] = jwt.Base64Key,
            ["Latchkey__Seq__ServerUrl"] = seq.Url,
            [TestConfigs.TicketsKeyVariable] = TestConfigs.TicketsKey,
        });
        using var client = new HttpClient { BaseAddress = process.BaseAddress };
        var adminJwt = jwt.Issue("acme", "alice");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = JsonContent.Create(new { agent_id = "bot", scopes = new[] { "tickets.read", "email.read" } }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminJwt);
        using var created = await client.SendAsync(create);
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        foreach (var (method, path) in Traffic)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "POST" ? new StringContent(BodyMarker) : null,
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Cookie", "sid=" + CookieValue);
            using var response = await client.SendAsync(request);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var output = process.Output;
        Assert.Contains("latchkey.request", output, StringComparison.Ordinal);
        foreach (var secret in new[] { token, TestConfigs.TicketsKey, QueryValue, BodyMarker, CookieValue, adminJwt, jwt.Base64Key })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    private static readonly (string Method, string Path)[] Traffic =
    [
        ("POST", "/mail/gmail/v1/users/me/messages/send?access_token=" + QueryValue),
        ("GET", "/mail/gmail/v1/users/me/messages?q=" + QueryValue),
        ("GET", "/mail/gmail/v1/users/me/settings/filters?key=" + QueryValue),
        ("GET", "/mail/gmail/v1/users/other/messages?key=" + QueryValue),
        ("GET", "/tickets/rest/api/3/issue/SUP-9?token=" + QueryValue),
        ("GET", "/nosuch/x?token=" + QueryValue),
        ("POST", "/mail/gmail/v1/users/me/drafts?x=" + QueryValue),
    ];
}
