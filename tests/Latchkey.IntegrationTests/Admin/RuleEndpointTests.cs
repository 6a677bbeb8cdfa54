using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Admin;

/// <summary>GET /v1/rules and POST /v1/rules/explain, and that explain agrees with the data plane.</summary>
public sealed class RuleEndpointTests : IAsyncLifetime
{
    private LatchkeyTestHost _host = null!;

    public Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Security_team_reads_the_rules_in_force()
    {
        using var response = await GetRulesAsync(_host.Jwt.Issue("acme", "sec", "latchkey.security"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var ids = body.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("mail.send", ids);
        Assert.Contains("mail.settings.deny", ids);
    }

    [Theory]
    [InlineData("latchkey.auditor")]
    [InlineData(null)]
    public async Task Others_may_not_read_rules(string? role)
    {
        using var response = await GetRulesAsync(role is null ? _host.Jwt.Issue("acme", "u") : _host.Jwt.Issue("acme", "u", role));

        await ErrorAssert.IsErrorAsync(response, 403, "forbidden");
    }

    [Theory]
    [InlineData("POST", "/mail/gmail/v1/users/me/messages/send", "email.send")]
    [InlineData("POST", "/mail/gmail/v1/users/me/messages/send", "email.read")]
    [InlineData("GET", "/mail/gmail/v1/users/me/messages/17", "email.read")]
    [InlineData("GET", "/mail/gmail/v1/users/me/settings/filters", "email.read")]
    [InlineData("GET", "/mail/gmail/v1/users/other/messages", "email.read")]
    [InlineData("DELETE", "/mail/gmail/v1/users/me/messages/9", "email.delete")]
    [InlineData("GET", "/mail/gmail/v1/users/me/me%73sages/1", "email.read")]
    [InlineData("GET", "/tickets/rest/api/3/issue/SUP-1", "tickets.read")]
    public async Task Explain_gives_the_decision_the_data_plane_takes(string method, string path, string scope)
    {
        var session = await _host.CreateSessionAsync("acme", "alice", "bot", scope);
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.explain");
        var provider = path.Split('/')[1];
        var upstreamPath = path[(provider.Length + 1)..];

        using var explain = await ExplainAsync(provider, method, upstreamPath, scope);
        var answer = JsonDocument.Parse(await explain.Content.ReadAsStringAsync()).RootElement;
        using var actual = await _host.SendAsync(new HttpMethod(method), path, session.Token,
            method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null);
        var actualText = await actual.Content.ReadAsStringAsync();
        var actualDecision = actual.StatusCode == HttpStatusCode.OK
            ? "allowed"
            : JsonDocument.Parse(actualText).RootElement.GetProperty("error").GetString();

        Assert.Equal(actualDecision, answer.GetProperty("decision").GetString());
        if (actual.StatusCode != HttpStatusCode.OK && JsonDocument.Parse(actualText).RootElement.TryGetProperty("rule", out var rule))
        {
            Assert.Equal(rule.GetString(), answer.GetProperty("rule").GetString());
        }
    }

    [Theory]
    [InlineData("mail", "GET", "/gmail/v1/users/me/%2e%2e/settings", "ambiguous_path")]
    [InlineData("nosuch", "GET", "/x", "unknown_provider")]
    [InlineData("mail", "TRACE", "/x", "method_not_allowed")]
    public async Task Explain_reports_refusals_before_the_rules(string provider, string method, string path, string decision)
    {
        using var explain = await ExplainAsync(provider, method, path);

        Assert.Equal(decision, JsonDocument.Parse(await explain.Content.ReadAsStringAsync()).RootElement.GetProperty("decision").GetString());
    }

    private Task<HttpResponseMessage> GetRulesAsync(string jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/rules");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return _host.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> ExplainAsync(string provider, string method, string path, params string[] scopes)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rules/explain")
        {
            Content = JsonContent.Create(new { provider, method, path, scopes }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "sec", "latchkey.security"));
        return _host.Client.SendAsync(request);
    }
}
