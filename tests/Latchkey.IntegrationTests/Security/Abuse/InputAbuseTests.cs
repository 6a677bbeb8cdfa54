using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Faults;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Security.Abuse;

/// <summary>
/// Hostile input against a real process: YAML bombs, huge and deeply nested config files on a
/// live reload; CR/LF, ANSI escapes and JSON fragments in paths, headers and agent ids that try
/// to forge log or audit lines; markup that an error body might echo.
/// </summary>
public sealed class InputAbuseTests
{
    private const string Marker = "FORGEDLINE";

    public static TheoryData<string, string> HostileConfigs => new()
    {
        {
            "alias bomb",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\nrules: [*h]\n"
        },
        { "huge file", "rules:\n" + string.Concat(Enumerable.Repeat("  - id: r\n    provider: mail\n    methods: [GET]\n    path: /" + new string('a', 200) + "\n", 6000)) },
        { "deep flow nesting", "rules: " + new string('[', 20000) + new string(']', 20000) + "\n" },
        { "deep block nesting", "rules:\n" + string.Concat(Enumerable.Range(0, 400).Select(i => new string(' ', (i + 1) * 2) + "- \n")) },
    };

    [Fact]
    public async Task Yaml_bombs_huge_and_deeply_nested_files_are_rejected_quickly_and_the_last_good_rules_stay()
    {
        await using var rig = await FaultRig.StartAsync(null);
        var rulesPath = Path.Combine(rig.Root, "config", "rules.yaml");
        var figures = new List<string>();

        foreach (var row in HostileConfigs)
        {
            var (name, yaml) = ((string)row[0], (string)row[1]);
            var rejectionsBefore = CountOccurrences(rig.Process.Output, "ConfigRejected");
            var watch = Stopwatch.StartNew();
            await File.WriteAllTextAsync(rulesPath, yaml);
            while (CountOccurrences(rig.Process.Output, "ConfigRejected") == rejectionsBefore && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            // Includes the watcher's debounce: the parse itself is a small part of this.
            figures.Add($"{name} ({Encoding.UTF8.GetByteCount(yaml)} bytes): rejected after {watch.Elapsed.TotalMilliseconds:F0} ms");
            Assert.True(CountOccurrences(rig.Process.Output, "ConfigRejected") > rejectionsBefore, $"{name} was not rejected");
            Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.False(rig.Process.HasExited, $"{name} stopped the process");
            using var stillAllowed = await rig.GetTicketAsync("SUP-1");
            Assert.Equal(HttpStatusCode.OK, stillAllowed.StatusCode);
        }

        Console.WriteLine("hostile config: " + string.Join("; ", figures));
    }

    [Fact]
    public async Task Control_characters_in_paths_headers_and_agent_ids_never_forge_log_or_audit_lines()
    {
        using var seq = new SeqStandIn();
        await using var rig = await FaultRig.StartAsync(seq.Url);
        var forgedJson = "{\"@t\":\"2020-01-01T00:00:00Z\",\"@mt\":\"" + Marker + "\",\"EventType\":\"latchkey.request\",\"Decision\":\"allowed\"}";
        var bodies = new StringBuilder();

        string[] targets =
        [
            "/tickets/rest/api/3/issue/SUP-1%0D%0A" + Uri.EscapeDataString(forgedJson),
            "/tickets/rest/api/3/issue/%1B%5B31m" + Marker + "%1B%5B0m",
            "/tickets/rest/api/3/issue/" + Marker + "%E2%80%A8%C2%85x",
            "/no%0Asuch" + Marker + "/x",
            "/tickets/rest/api/3/issue/%3Cscript%3E" + Marker,
        ];
        foreach (var target in targets)
        {
            var response = await RawHttp.SendAsync(rig.Process.BaseAddress, "GET", target, "Bearer " + rig.Token);
            Console.WriteLine($"control-character target {target.Length} chars: {response.Status}");
            if (response.Status != 200)
            {
                // Forwarded answers are the upstream's own body; refusals are Latchkey's.
                bodies.AppendLine(response.Body);
            }
        }

        // Raw control bytes: Kestrel refuses them in the target; a header value may pass through to
        // the provider, but must not reach a log line unescaped.
        var rawHeader = await RawHttp.SendRawAsync(rig.Process.BaseAddress, Encoding.Latin1.GetBytes(
            $"GET /tickets/rest/api/3/issue/SUP-2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {rig.Token}\r\nUser-Agent: \u001b[2J{Marker}\r\nConnection: close\r\n\r\n"));
        var rawTarget = await RawHttp.SendRawAsync(rig.Process.BaseAddress, Encoding.Latin1.GetBytes(
            $"GET /tickets/rest/api/3/issue/\u001b[2J{Marker} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        Assert.True(rawHeader.Status is 200 or 400, rawHeader.Head);
        Assert.Equal(400, rawTarget.Status);
        bodies.AppendLine(rawTarget.Body);

        // An agent id is chosen by whoever creates the session and lands in every audit event.
        var agentId = "bot\r\n" + forgedJson + "\u001b[31m<script>";
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = JsonContent.Create(new { agent_id = agentId, scopes = new[] { "tickets.read" } }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rig.AdminJwt);
        using var created = await rig.Client.SendAsync(create);
        var createdBody = await created.Content.ReadAsStringAsync();
        bodies.AppendLine(createdBody);
        if (created.StatusCode == HttpStatusCode.Created)
        {
            var token = JsonDocument.Parse(createdBody).RootElement.GetProperty("token").GetString()!;
            var viaSession = await RawHttp.SendAsync(rig.Process.BaseAddress, "GET", "/tickets/rest/api/3/issue/SUP-3", "Bearer " + token);
            Assert.Equal(200, viaSession.Status);
        }

        await rig.FlushToSeqAsync(seq);
        AssertNoForgedLines("process output", rig.Process.Output);
        AssertNoForgedLines("Seq", string.Join('\n', seq.Payloads));
        var errorBodies = bodies.ToString();
        Assert.DoesNotContain('\u001b', errorBodies);
        Assert.DoesNotContain("<script", errorBodies, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r\n{\"@t\"", errorBodies, StringComparison.Ordinal);
    }

    private static void AssertNoForgedLines(string where, string text)
    {
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u2028', text);
        Assert.DoesNotContain('\u0085', text);
        foreach (var line in text.Split('\n'))
        {
            if (!line.Contains(Marker, StringComparison.Ordinal))
            {
                continue;
            }

            // Any line carrying the marker must be one whole JSON event whose template is Latchkey's own.
            var trimmed = line.TrimEnd('\r');
            Assert.True(trimmed.StartsWith('{'), $"{where}: a line starts with attacker text: {trimmed}");
            var parsed = JsonDocument.Parse(trimmed).RootElement;
            foreach (var property in new[] { "@mt", "@m" })
            {
                if (parsed.TryGetProperty(property, out var template))
                {
                    Assert.DoesNotContain(Marker, template.GetString()!, StringComparison.Ordinal);
                }
            }
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
