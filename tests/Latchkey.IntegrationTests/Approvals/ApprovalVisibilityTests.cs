using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals;

/// <summary>
/// The approver sees what is approved: the whole query string, URLs in the body, the content
/// type and the body's size, with only secret-named values and credential-shaped strings masked,
/// through the API and on the HTML page (HTML-encoded). The audit stream still gets neither.
/// </summary>
public sealed class ApprovalVisibilityTests : IAsyncLifetime
{
    private const string ExfilUrl = "https://attacker.example/collect/0123456789abcdefghijklmnopqrstuvwxyz?d=1";
    private const string PlantedPassword = "hunter2-PLANTED-PASSWORD";
    private const string PlantedGithubToken = "ghp_PLANTEDghpTOKEN0123456789abcdefABCD";
    private const string PlantedQueryToken = "PLANTEDQUERYTOKEN77";

    // A session token in the query is refused before any approval (session_token_misplaced), so
    // the credential-shaped value the approver must not see in the query is a Slack bot token.
    private const string PlantedSlackToken = "xoxb-1234567890-0987654321-PLANTEDSLACKTOKEN";

    private static readonly string Body =
        "{\"title\":\"<script>alert(1)</script>\",\"body\":\"details at " + ExfilUrl + "\"," +
        "\"password\":\"" + PlantedPassword + "\",\"ref\":\"" + PlantedGithubToken + "\",\"private\":true}";

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(GithubApprovalConfig.Providers, GithubApprovalConfig.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot", GithubApprovalConfig.Scope);
        await _host.SeedUserTokenAsync("acme", "alice", "gh", "gho_visible");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Approver_sees_the_full_query_and_body_urls_through_the_api_with_secrets_masked()
    {
        var (approvalId, _) = await HoldAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/approvals/{approvalId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var response = await _host.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var approval = JsonDocument.Parse(text).RootElement;
        Assert.Equal("?assignee=attacker&state=closed&access_token=***&note=***", approval.GetProperty("query").GetString());
        Assert.Equal("application/json; charset=utf-8", approval.GetProperty("content_type").GetString());
        var preview = approval.GetProperty("body_preview").GetString()!;
        Assert.Contains(ExfilUrl, preview, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", preview, StringComparison.Ordinal);
        Assert.Contains("\"private\":true", preview, StringComparison.Ordinal);
        AssertNoSecret(text);
    }

    [Fact]
    public async Task Approvals_page_shows_the_query_and_body_html_encoded_with_secrets_masked()
    {
        var (approvalId, _) = await HoldAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/ui/approvals");
        request.Headers.Add("Cookie", "latchkey_ui=" + _host.Jwt.Issue("acme", "alice"));
        using var response = await _host.Client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(approvalId, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("state=closed&access", html, StringComparison.Ordinal);
        var shown = WebUtility.HtmlDecode(html);
        Assert.Contains("/repos/o/r/issues?assignee=attacker&state=closed&access_token=***&note=***", shown, StringComparison.Ordinal);
        Assert.Contains(ExfilUrl, shown, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", shown, StringComparison.Ordinal);
        AssertNoSecret(shown);
    }

    [Fact]
    public async Task Audit_events_carry_neither_the_query_nor_the_body()
    {
        var (_, requestId) = await HoldAsync();

        var held = await _host.WaitForAuditEventAsync(requestId);

        Assert.Equal("/repos/o/r/issues", held.GetProperty("Path").GetString());
        var emitted = await _host.EmittedTextAsync();
        foreach (var leaked in new[] { "assignee", "attacker", "hunter2", PlantedQueryToken, PlantedGithubToken, PlantedSlackToken, _session.Token })
        {
            Assert.DoesNotContain(leaked, emitted, StringComparison.Ordinal);
        }
    }

    private void AssertNoSecret(string text)
    {
        foreach (var secret in new[] { PlantedPassword, PlantedGithubToken, PlantedQueryToken, PlantedSlackToken, _session.Token, "gho_visible" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private async Task<(string ApprovalId, string RequestId)> HoldAsync()
    {
        var path = "/gh/repos/o/r/issues?assignee=attacker&state=closed&access_token=" + PlantedQueryToken + "&note=" + PlantedSlackToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        using var response = await _host.Client.SendAsync(request);
        var json = await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        return (json.GetProperty("approval_id").GetString()!, json.GetProperty("request_id").GetString()!);
    }
}
