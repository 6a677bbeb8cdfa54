using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Admin.SignIn;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals;

/// <summary>
/// A decision made on the approvals page is audited as the API's is, with what the browser was
/// sent: <c>Status</c> is the 303 back to the list, and a decision that did not take carries the
/// contract's error code as <c>Reason</c> (<c>approval_decided</c>, <c>not_found</c>), never
/// an internal name.
/// </summary>
public sealed class ApprovalsPageDecisionAuditTests : IAsyncLifetime
{
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(GithubApprovalConfig.Providers, GithubApprovalConfig.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot", GithubApprovalConfig.Scope);
        await _host.SeedUserTokenAsync("acme", "alice", "gh", "gho_page_audit");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Page_decisions_are_audited_with_the_303_sent_and_the_contracts_error_codes()
    {
        var approvalId = await HoldAsync();
        using var browser = new CookieBrowser();
        browser.Cookies.Add(_host.BaseAddress, new Cookie("latchkey_ui", _host.Jwt.Issue("acme", "alice"), "/v1/ui"));
        using var page = await browser.GetAsync(Page("/v1/ui/approvals"));
        var antiforgery = CookieBrowser.AntiforgeryField(await page.Content.ReadAsStringAsync());

        using var approved = await browser.PostFormAsync(Page($"/v1/ui/approvals/{approvalId}/approve"), [antiforgery]);
        using var again = await browser.PostFormAsync(Page($"/v1/ui/approvals/{approvalId}/deny"), [antiforgery]);
        using var unknown = await browser.PostFormAsync(Page("/v1/ui/approvals/apr_0000000000000000000000/approve"), [antiforgery]);

        Assert.Equal(
            (HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther),
            (approved.StatusCode, again.StatusCode, unknown.StatusCode));
        Assert.Equal(("approval.approve", "allowed", 303, null, approvalId), Fields(await _host.WaitForAuditEventAsync(approved)));
        Assert.Equal(("approval.deny", "denied", 303, "approval_decided", approvalId), Fields(await _host.WaitForAuditEventAsync(again)));
        Assert.Equal(("approval.approve", "denied", 303, "not_found", null), Fields(await _host.WaitForAuditEventAsync(unknown)));
    }

    private static (string?, string?, int, string?, string?) Fields(JsonElement e)
    {
        Assert.Equal("page", e.GetProperty("Channel").GetString());
        return (e.GetProperty("Action").GetString(), e.GetProperty("Decision").GetString(), e.GetProperty("Status").GetInt32(),
            e.TryGetProperty("Reason", out var reason) ? reason.GetString() : null,
            e.TryGetProperty("Target", out var target) ? target.GetString() : null);
    }

    private Uri Page(string pathAndQuery) => new(_host.BaseAddress, pathAndQuery);

    private async Task<string> HoldAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/gh/repos/o/r/issues")
        {
            Content = new StringContent("{\"title\":\"page audit\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        using var response = await _host.Client.SendAsync(request);
        var json = await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        return json.GetProperty("approval_id").GetString()!;
    }
}
