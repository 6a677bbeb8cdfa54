using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.IntegrationTests.Demo;

/// <summary><c>latchkey --demo</c> as a user runs it: the printed token and scenarios work.</summary>
public sealed partial class DemoModeTests
{
    [GeneratedRegex("export LK=(lk_[A-Za-z0-9_-]+)")]
    private static partial Regex SessionLine();

    [Fact]
    public async Task Printed_token_and_scenarios_work_against_the_mock_providers()
    {
        using var root = TempRoot.Create("latchkey-demo-");
        await using var process = await LatchkeyProcess.StartAsync(root, new Dictionary<string, string>(), "--demo");
        var token = await WaitForTokenAsync(process);
        using var client = new HttpClient { BaseAddress = process.BaseAddress };

        using var read = await SendAsync(client, HttpMethod.Get, "/mail/gmail/v1/users/me/messages", token);
        using var ticket = await SendAsync(client, HttpMethod.Get, "/tickets/rest/api/3/issue/SUP-1", token);
        using var denied = await SendAsync(client, HttpMethod.Get, "/mail/gmail/v1/users/me/settings/filters", token);
        using var unscoped = await SendAsync(client, HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", token);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("resultSizeEstimate", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        Assert.Equal("route_denied", ErrorOf(await denied.Content.ReadAsStringAsync()));
        Assert.Equal("insufficient_scope", ErrorOf(await unscoped.Content.ReadAsStringAsync()));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!process.Output.Contains("\"EventType\":\"latchkey.request\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains("\"EventType\":\"latchkey.request\"", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-user-mail-token", process.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(root, "data", "demo", "audit")));
    }

    [Fact]
    public async Task Printed_curl_lines_work_as_printed()
    {
        Assert.True(File.Exists("/usr/bin/curl"), "curl is missing: apt-get install -y curl (scripts/test.sh does this).");
        using var root = TempRoot.Create("latchkey-demo-");
        await using var process = await LatchkeyProcess.StartAsync(root, new Dictionary<string, string>(), "--demo");
        var token = await WaitForTokenAsync(process);
        var admin = Regex.Match(process.Output, "export ADMIN=(\\S+)").Groups[1].Value;
        var commands = CurlCommands(process.Output);
        string[] expected =
        [
            "resultSizeEstimate", "Printer on fire", "route_denied", "insufficient_scope", "ambiguous_path",
            "unknown_provider", "read_ticket", "Printer on fire", "demo-agent", "insufficient_scope",
            "approval_required", "\"status\":\"approved\"", "\"comment\":\"added\"",
        ];

        Assert.Equal(expected.Length, commands.Count);
        var approval = string.Empty;
        for (var i = 0; i < commands.Count; i++)
        {
            var output = await RunBashAsync(commands[i], token, admin, approval);
            Assert.True(output.Contains(expected[i], StringComparison.Ordinal), $"{commands[i]}\n→ {output}");
            if (expected[i] == "approval_required")
            {
                // What the printed "export APPROVAL=<the approval_id from that answer>" asks the reader to do.
                approval = JsonDocument.Parse(output).RootElement.GetProperty("approval_id").GetString()!;
            }
        }

        Assert.Contains($"{process.BaseAddress.AbsoluteUri.TrimEnd('/')}/v1/ui/approvals (sign in with $ADMIN)", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_refuses_a_non_loopback_listener()
    {
        using var root = TempRoot.Create("latchkey-demo-");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LatchkeyProcess.StartAsync(root, new Dictionary<string, string>(), "--demo", "--urls", "http://0.0.0.0:0"));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_refuses_a_kestrel_endpoint_off_loopback()
    {
        using var root = TempRoot.Create("latchkey-demo-");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LatchkeyProcess.StartAsync(root, new Dictionary<string, string>(), "--demo", "--Kestrel:Endpoints:Http:Url=http://0.0.0.0:0"));

        Assert.Contains("is not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_refuses_http_ports_which_bind_every_interface()
    {
        using var root = TempRoot.Create("latchkey-demo-");
        var environment = new Dictionary<string, string> { ["Urls"] = string.Empty, ["ASPNETCORE_HTTP_PORTS"] = "0" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LatchkeyProcess.StartAsync(root, environment, "--demo"));

        Assert.Contains("HTTP_PORTS", error.Message, StringComparison.Ordinal);
    }

    private static List<string> CurlCommands(string output)
    {
        var commands = new List<string>();
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("curl ", StringComparison.Ordinal))
            {
                continue;
            }

            var command = lines[i];
            while (command.EndsWith('\\') && i + 1 < lines.Count)
            {
                command = command[..^1] + " " + lines[++i];
            }

            commands.Add(command);
        }

        return commands;
    }

    private static async Task<string> RunBashAsync(string command, string token, string admin, string approval = "")
    {
        var info = new System.Diagnostics.ProcessStartInfo("bash", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["LK"] = token;
        info.Environment["ADMIN"] = admin;
        info.Environment["APPROVAL"] = approval;
        using var bash = System.Diagnostics.Process.Start(info)!;
        var stdout = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return stdout;
    }

    private static async Task<string> WaitForTokenAsync(LatchkeyProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var match = SessionLine().Match(process.Output);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the demo printed no session token:\n" + process.Output);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{\"raw\":\"aGk=\"}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    private static string? ErrorOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
}
