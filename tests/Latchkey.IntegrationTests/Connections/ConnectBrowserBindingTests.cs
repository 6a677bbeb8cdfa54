using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.IntegrationTests.Connections;

/// <summary>
/// The connect flow binds the browser that opens its link: a link forwarded to someone else (or a
/// provider consent completed in another browser) cannot bind their account to the flow's user.
/// </summary>
public sealed class ConnectBrowserBindingTests
{
    [Fact]
    public async Task Authorize_url_is_latchkeys_page_naming_provider_user_and_tenant_html_encoded()
    {
        await using var test = OAuthTestHost.Start();
        var (_, link) = await test.StartLinkAsync("acme <b>corp</b>", "<script>alert(1)</script>");

        Assert.StartsWith(OAuthTestHost.PublicUrl + "/oauth/connect/", link, StringComparison.Ordinal);
        Assert.DoesNotContain("state=", link, StringComparison.Ordinal);
        using var page = await test.Browser.GetAsync(test.Host, link);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("mail", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("acme &lt;b&gt;corp&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>corp", html, StringComparison.Ordinal);
        Assert.DoesNotContain(test.OAuth.Url, html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(0, test.OAuth.TokenCalls);
    }

    [Fact]
    public async Task Binding_cookie_is_host_only_httponly_secure_and_samesite_lax()
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, link) = await test.StartLinkAsync("t1", "alice");

        using var page = await test.Browser.GetAsync(test.Host, link);

        var cookie = Assert.Single(test.Browser.SetCookies);
        Assert.StartsWith($"__Host-latchkey_connect_{flowId}=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Callback_in_a_browser_that_did_not_open_the_link_is_refused_audited_and_stores_nothing()
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, providerUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(providerUrl).Query)["state"].ToString();

        // The victim, handed the provider URL (or the whole link), consents in their own browser.
        var victim = new ConnectBrowser();
        using var callback = await victim.GetAsync(test.Host, $"/oauth/callback?code={test.OAuth.Approve(providerUrl)}&state={state}");
        var page = await callback.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Contains("another browser", page, StringComparison.Ordinal);
        Assert.DoesNotContain(state, page, StringComparison.Ordinal);
        Assert.Equal(0, test.OAuth.TokenCalls);
        Assert.Null(await test.StoredAsync("t1", "alice"));
        Assert.Equal(("failed", "browser_mismatch"), await PollAsync(test, flowId));
        var audited = await WaitForAuditAsync(test, "connection.complete");
        Assert.Equal("denied", audited.GetProperty("Decision").GetString());
        Assert.Equal("browser_mismatch", audited.GetProperty("Reason").GetString());
        Assert.Equal("alice", audited.GetProperty("UserId").GetString());

        // The state is spent: the right browser cannot finish this flow either, it must start again.
        using var retry = await test.CallbackAsync($"?code={test.OAuth.Approve(providerUrl)}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.Equal(0, test.OAuth.TokenCalls);
    }

    [Fact]
    public async Task Callback_with_another_flows_binding_cookie_is_refused()
    {
        await using var test = OAuthTestHost.Start();
        var (_, ownUrl) = await test.StartConnectAsync("t1", "mallory");
        var (_, victimLink) = await test.StartLinkAsync("t1", "alice");
        var victimBrowser = new ConnectBrowser();
        var victimUrl = await OAuthTestHost.ContinueAsync(test.Host, victimBrowser, victimLink);
        var victimState = QueryHelpers.ParseQuery(new Uri(victimUrl).Query)["state"].ToString();

        // Mallory's browser holds a valid cookie, but for its own flow, not for alice's.
        Assert.NotEmpty(test.Browser.Cookies);
        using var callback = await test.CallbackAsync($"?code={test.OAuth.Approve(victimUrl)}&state={victimState}");

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Null(await test.StoredAsync("t1", "alice"));
        Assert.Null(await test.StoredAsync("t1", "mallory"));
        Assert.StartsWith(test.OAuth.Url, ownUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_binds_only_the_first_browser_that_continues()
    {
        await using var test = OAuthTestHost.Start();
        var (_, link) = await test.StartLinkAsync("t1", "alice");
        var second = new ConnectBrowser();
        using var secondPage = await second.GetAsync(test.Host, link);
        var secondProof = OAuthTestHost.ProofIn(await secondPage.Content.ReadAsStringAsync());

        await OAuthTestHost.ContinueAsync(test.Host, test.Browser, link);

        using var reopened = await second.GetAsync(test.Host, link);
        Assert.Equal(HttpStatusCode.NotFound, reopened.StatusCode);
        Assert.Contains("another browser", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var continued = await second.PostFormAsync(test.Host, link, new Dictionary<string, string> { ["proof"] = secondProof });
        Assert.Equal(HttpStatusCode.NotFound, continued.StatusCode);
        Assert.Null(continued.Headers.Location);
    }

    [Fact]
    public async Task Cross_site_continue_without_the_pages_proof_is_refused_and_leaves_the_link_usable()
    {
        await using var test = OAuthTestHost.Start();
        var (_, link) = await test.StartLinkAsync("t1", "mallory");

        // A cross-site auto-submitted form: no SameSite=Lax cookie is sent, no proof is known.
        var victim = new ConnectBrowser();
        using (var forged = await victim.PostFormAsync(test.Host, link, new Dictionary<string, string> { ["proof"] = new string('0', 64) }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Null(forged.Headers.Location);
        }

        // Even with the page opened (cookie set) a guessed proof does not bind.
        using (await victim.GetAsync(test.Host, link))
        using (var guessed = await victim.PostFormAsync(test.Host, link, new Dictionary<string, string> { ["proof"] = new string('0', 64) }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, guessed.StatusCode);
        }

        var providerUrl = await OAuthTestHost.ContinueAsync(test.Host, test.Browser, link);
        Assert.StartsWith(test.OAuth.Url + "/authorize?", providerUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_malformed_links_are_refused()
    {
        await using var test = OAuthTestHost.Start();

        using var unknown = await test.Browser.GetAsync(test.Host, "/oauth/connect/" + new string('A', 43));
        using var malformed = await test.Browser.GetAsync(test.Host, "/oauth/connect/%3Cscript%3E");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(malformed.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("<script>", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(test.Browser.SetCookies);
    }

    private static async Task<(string? Status, string? Error)> PollAsync(OAuthTestHost test, string flowId)
    {
        using var poll = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}", "t1", "alice");
        using var response = await test.Host.Client.SendAsync(poll);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (json.GetProperty("status").GetString(), json.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    private static async Task<JsonElement> WaitForAuditAsync(OAuthTestHost test, string action)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var found = test.Host.Seq!.Events.FirstOrDefault(e => e.TryGetProperty("Action", out var a) && a.GetString() == action);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no {action} audit event reached the Seq stand-in");
    }
}
