using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Latchkey.Cli;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// The data plane, <c>POST /v1/rules/explain</c> and <c>latchkey rules explain</c> give the same
/// code, status and rule for every request of <see cref="VerdictCorpus"/>: one verdict function,
/// three callers.
/// </summary>
public sealed class VerdictAgreementTests
{
    [Fact]
    public async Task Data_plane_explain_api_and_cli_agree_on_every_enforced_case()
    {
        await AssertAgreementAsync(TestConfigs.Rules, VerdictCorpus.Enforced);
    }

    [Fact]
    public async Task Data_plane_explain_api_and_cli_agree_on_every_shadow_mode_case()
    {
        await AssertAgreementAsync("mode: shadow\n" + TestConfigs.Rules, VerdictCorpus.Shadowed);
    }

    private static async Task AssertAgreementAsync(string rules, IReadOnlyList<VerdictCase> corpus)
    {
        TestConfigs.EnsureEnvironment();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, rules);
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.verdict");
        var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
        var sent = new List<(VerdictCase Case, int Status, string RequestId)>();
        foreach (var item in corpus)
        {
            if (!sessions.TryGetValue(item.Scopes, out var token))
            {
                token = sessions[item.Scopes] = (await host.CreateSessionAsync("acme", "alice", "bot", item.Scopes.Split(','))).Token;
            }

            var response = await RawHttp.SendAsync(host.BaseAddress, item.Method, "/" + item.Provider + item.Path, "Bearer " + token);
            sent.Add((item, response.Status, RequestIdOf(response)));
        }

        var problems = new List<string>();
        foreach (var (item, status, requestId) in sent)
        {
            // The audit record carries the data plane's code (Reason: the error, or in shadow mode
            // the refusal enforcement would have made) and rule for every case, HEAD included.
            var audit = await host.WaitForAuditEventAsync(requestId);
            var dataPlane = new Answer(status, StringOf(audit, "Reason") ?? "allowed", StringOf(audit, "RuleId"));
            var api = await ExplainThroughApiAsync(host, item);
            var cli = ExplainThroughCli(host, item);

            var expected = new Answer(item.Status, item.Code, item.Rule);
            Check(problems, item, "data plane", expected, dataPlane);
            Check(problems, item, "explain API", expected with { Status = 0 }, api);
            Check(problems, item, "CLI", expected with { Status = item.Code == "allowed" ? RulesCommand.Success : RulesCommand.Refused }, cli);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static async Task<Answer> ExplainThroughApiAsync(LatchkeyTestHost host, VerdictCase item)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rules/explain")
        {
            Content = JsonContent.Create(new { provider = item.Provider, method = item.Method, path = item.Path, scopes = item.Scopes.Split(',') }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Jwt.Issue("acme", "sec", "latchkey.security"));
        using var response = await host.Client.SendAsync(request);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return new Answer(0, StringOf(answer, "decision") ?? "(none)", StringOf(answer, "rule"));
    }

    private static Answer ExplainThroughCli(LatchkeyTestHost host, VerdictCase item)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = RulesCommand.Run(
            ["rules", "explain", item.Provider, item.Method, item.Path, "--scopes", item.Scopes, "--config", host.ConfigDir], output, error);
        if (exit == RulesCommand.UsageError)
        {
            return new Answer(exit, "usage error: " + error, null);
        }

        var answer = JsonDocument.Parse(output.ToString()).RootElement;
        return new Answer(exit, StringOf(answer, "decision") ?? "(none)", StringOf(answer, "rule"));
    }

    private static void Check(List<string> problems, VerdictCase item, string surface, Answer expected, Answer actual)
    {
        if (expected != actual)
        {
            problems.Add($"{item}: {surface} answered {actual}, expected {expected}");
        }
    }

    private static string RequestIdOf(RawResponse response) =>
        response.Head.Split("\r\n")
            .Single(line => line.StartsWith("Latchkey-Request-Id:", StringComparison.OrdinalIgnoreCase))
            .Split(':', 2)[1].Trim();

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Answer(int Status, string Code, string? Rule);
}
