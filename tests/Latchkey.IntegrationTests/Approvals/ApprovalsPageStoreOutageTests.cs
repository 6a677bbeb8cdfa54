using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Latchkey.Approvals;
using Latchkey.IntegrationTests.Admin.SignIn;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Stores.InMemory;
using Latchkey.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Approvals;

/// <summary>
/// With the approval store down, the approvals page answers <c>503</c> as the API does (not a
/// <c>500</c>), and a decision it could not take is still audited, as <c>failed</c> with
/// <c>Reason: store_unavailable</c>.
/// </summary>
public sealed class ApprovalsPageStoreOutageTests : IAsyncLifetime
{
    private readonly OutageApprovalStore _store = new(new InMemoryApprovalStore(TimeProvider.System));
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(GithubApprovalConfig.Providers, GithubApprovalConfig.Rules,
            services: s => s.AddSingleton<IApprovalStore>(_store));
        _session = await _host.CreateSessionAsync("acme", "alice", "bot", GithubApprovalConfig.Scope);
        await _host.SeedUserTokenAsync("acme", "alice", "gh", "gho_page_outage");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Page_decision_with_the_store_down_is_503_and_audited_as_failed()
    {
        var approvalId = await HoldAsync();
        using var browser = new CookieBrowser();
        browser.Cookies.Add(_host.BaseAddress, new Cookie("latchkey_ui", _host.Jwt.Issue("acme", "alice"), "/v1/ui"));
        using var page = await browser.GetAsync(new Uri(_host.BaseAddress, "/v1/ui/approvals"));
        var antiforgery = CookieBrowser.AntiforgeryField(await page.Content.ReadAsStringAsync());

        _store.Down = true;
        using var decided = await browser.PostFormAsync(new Uri(_host.BaseAddress, $"/v1/ui/approvals/{approvalId}/approve"), [antiforgery]);
        using var listed = await browser.GetAsync(new Uri(_host.BaseAddress, "/v1/ui/approvals"));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (decided.StatusCode, listed.StatusCode));
        var audit = await _host.WaitForAuditEventAsync(decided);
        Assert.Equal(
            ("approval.approve", "failed", 503, "store_unavailable", "page"),
            (audit.GetProperty("Action").GetString(), audit.GetProperty("Decision").GetString(), audit.GetProperty("Status").GetInt32(),
                audit.GetProperty("Reason").GetString(), audit.GetProperty("Channel").GetString()));
    }

    private async Task<string> HoldAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/gh/repos/o/r/issues")
        {
            Content = new StringContent("{\"title\":\"page outage\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        using var response = await _host.Client.SendAsync(request);
        var json = await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        return json.GetProperty("approval_id").GetString()!;
    }
}
