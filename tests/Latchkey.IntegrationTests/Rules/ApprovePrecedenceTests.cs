using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// CONTRACT §2 through the proxy: a matching approve rule is never bypassed by an allow rule
/// that also matches (here <c>messages/{**rest}</c> matches <c>messages</c> with an empty remainder).
/// </summary>
public sealed class ApprovePrecedenceTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - id: mail.messages.read
            provider: mail
            methods: [GET, POST]
            path: /gmail/v1/users/me/messages/{**rest}
            scopes: [email.read]
            action: allow
          - id: mail.messages.import
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages
            scopes: [email.import]
            action: approve
        """;

    private LatchkeyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, withSeq: false);
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.precedence");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Session_lacking_the_approve_rules_scopes_is_refused_not_forwarded()
    {
        var reader = await _host.CreateSessionAsync("acme", "alice", "reader-bot", "email.read");

        using var response = await PostAsync("/mail/gmail/v1/users/me/messages", reader.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 403, "insufficient_scope");
        Assert.Equal("mail.messages.import", body.GetProperty("rule").GetString());
        Assert.Equal(["email.import"], body.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Session_holding_both_rules_scopes_is_held_for_a_human()
    {
        var importer = await _host.CreateSessionAsync("acme", "alice", "import-bot", "email.read", "email.import");

        using var response = await PostAsync("/mail/gmail/v1/users/me/messages", importer.Token);

        await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Allow_rule_still_forwards_paths_no_approve_rule_matches()
    {
        var reader = await _host.CreateSessionAsync("acme", "alice", "reader-bot", "email.read");

        using var response = await PostAsync("/mail/gmail/v1/users/me/messages/17/modify", reader.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("/gmail/v1/users/me/messages", "email.read")]
    [InlineData("/gmail/v1/users/me/messages", "email.read email.import")]
    [InlineData("/gmail/v1/users/me/messages/17/modify", "email.read")]
    public async Task Explain_gives_the_decision_the_data_plane_takes(string path, string scopes)
    {
        var held = scopes.Split(' ');
        var session = await _host.CreateSessionAsync("acme", "alice", "bot", held);

        using var explain = await ExplainAsync(path, held);
        using var actual = await PostAsync("/mail" + path, session.Token);

        var answer = JsonDocument.Parse(await explain.Content.ReadAsStringAsync()).RootElement;
        var actualDecision = actual.StatusCode == HttpStatusCode.OK
            ? "allowed"
            : JsonDocument.Parse(await actual.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Equal(actualDecision, answer.GetProperty("decision").GetString());
    }

    private Task<HttpResponseMessage> PostAsync(string path, string token) =>
        _host.SendAsync(HttpMethod.Post, path, token, new StringContent("{}", Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> ExplainAsync(string path, string[] scopes)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rules/explain")
        {
            Content = JsonContent.Create(new { provider = "mail", method = "POST", path, scopes }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "sec", "latchkey.security"));
        return _host.Client.SendAsync(request);
    }
}
