using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// A rules.yaml made only of <c>include:</c> lines, over real HTTP: the proxy forwards exactly what
/// the included packs allow, refuses the rest with one audit event naming the pack rule, and
/// <c>GET /v1/rules</c> shows each included rule's origin (docs/configuration.md, "Rule packs").
/// </summary>
public sealed class RulePackTests : IAsyncLifetime
{
    private const string Providers = """
        providers:
          slack:
            preset: slack
            errors: latchkey
            upstream: "{upstream}/api"
            allow_private_network: true
            credential: user
          github:
            preset: github
            errors: latchkey
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
        """;

    private const string Rules = """
        include:
          - { pack: slack.post_to_allowed_channels, provider: slack, params: { channels: [C0123ENG] } }
          - { pack: github.issues, provider: github, scopes: [], exclude: [create-issue, update-issue, create-comment, update-comment, add-labels] }
        """;

    private LatchkeyTestHost _host = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(Providers, Rules);
        await _host.SeedUserTokenAsync("acme", "alice", "slack", "xoxb-PLANTED-PACK-TOKEN");
        await _host.SeedUserTokenAsync("acme", "alice", "github", "gho_PLANTEDPACKTOKEN");
        _token = (await _host.CreateSessionAsync("acme", "alice", "pack-bot", "slack.post_to_allowed_channels")).Token;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_post_to_the_included_channel_is_forwarded_to_the_slack_api_path()
    {
        using var response = await PostJsonAsync("/slack/chat.postMessage", """{"channel":"C0123ENG","text":"deploy done"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/chat.postMessage", Assert.Single(_host.Upstream.Received).RequestMessage.AbsolutePath);
    }

    [Theory]
    [InlineData("/slack/chat.postMessage", """{"channel":"C0999RANDOM","text":"hi"}""", "route_denied", null)]
    [InlineData("/slack/chat.postMessage", """{"channel":"C0123ENG","text":"<!channel> look"}""", "route_denied", "pack:slack.post_to_allowed_channels/no-broadcast")]
    [InlineData("/slack/chat.delete", """{"channel":"C0123ENG","ts":"1.2"}""", "route_denied", null)]
    [InlineData("/github/repos/acme/api/issues", """{"title":"x"}""", "route_denied", null)]
    public async Task Anything_the_packs_do_not_allow_is_refused_and_audited_once(string path, string body, string reason, string? rule)
    {
        using var response = await PostJsonAsync(path, body);

        var error = await ErrorAssert.IsErrorAsync(response, 403, reason);
        Assert.Equal(rule, error.GetProperty("rule").GetString());
        Assert.Empty(_host.Upstream.Received);
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));
        var audit = await _host.WaitForAuditEventAsync(requestId);
        Assert.Equal(reason, audit.GetProperty("Reason").GetString());
        Assert.Single(_host.Seq!.Events, e => e.TryGetProperty("RequestId", out var id) && id.GetString() == requestId);
    }

    [Fact]
    public async Task A_read_the_narrowed_github_pack_keeps_is_forwarded_and_audited_with_the_pack_rule()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/github/repos/acme/api/issues/7", _token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await _host.WaitForAuditEventAsync(response);
        Assert.Equal("pack:github.issues/get-issue", audit.GetProperty("RuleId").GetString());
    }

    [Fact]
    public async Task The_packs_scope_is_required_of_the_session()
    {
        var unscoped = (await _host.CreateSessionAsync("acme", "alice", "other-bot")).Token;

        using var response = await _host.SendAsync(HttpMethod.Post, "/slack/chat.postMessage", unscoped, Json("""{"channel":"C0123ENG","text":"hi"}"""));

        await ErrorAssert.IsErrorAsync(response, 403, "insufficient_scope");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Rules_in_force_show_each_included_rules_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/rules");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "sec", "latchkey.security"));
        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rules = json.RootElement.GetProperty("rules").EnumerateArray().ToList();
        var post = Assert.Single(rules, r => r.GetProperty("id").GetString() == "pack:slack.post_to_allowed_channels/post-message");
        Assert.Equal("pack:slack.post_to_allowed_channels", post.GetProperty("origin").GetString());
        Assert.Equal("/chat.postMessage", post.GetProperty("path").GetString());
        Assert.Equal(2, post.GetProperty("line").GetInt32());
        Assert.DoesNotContain(rules, r => r.GetProperty("id").GetString() == "pack:github.issues/create-issue");
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string body) => _host.SendAsync(HttpMethod.Post, path, _token, Json(body));

    private static ByteArrayContent Json(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
