using System.Net;
using System.Text.Json;
using Latchkey.Credentials;
using Latchkey.IntegrationTests.Admin.SignIn;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Connections;

/// <summary>
/// <c>/v1/ui/connections</c>: a person signed in with the IdP (a fake OIDC provider on loopback)
/// sees and manages only their own connections, never a token; a connect started there is bound
/// to that browser; disconnecting revokes at the provider (a fake OAuth server) first, deletes
/// even when that fails, and every change is audited.
/// </summary>
public sealed class ConnectionsPageTests : IAsyncLifetime
{
    private FakeOidcProvider _idp = null!;
    private FakeOAuthServer _oauth = null!;
    private LatchkeyTestHost _host = null!;
    private string _secretVariable = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeOidcProvider.StartAsync();
        _oauth = new FakeOAuthServer(expectBasicAuth: true) { Latency = TimeSpan.Zero };
        _secretVariable = "LATCHKEY_IT_OAUTH_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(_secretVariable, _oauth.ClientSecret);

        // chat connects through the same server but has no revoke_url: nothing to revoke at.
        var providers = OAuthTestHost.ProvidersFor(_oauth, _secretVariable)
            + OAuthTestHost.ProviderEntry(_oauth, _secretVariable, "chat", "client_secret_basic", withRevocation: false);
        _host = LatchkeyTestHost.Start(providers, OAuthTestHost.Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:Admin:Authority"] = _idp.Issuer,
            ["Latchkey:Admin:SignIn:ClientId"] = FakeOidcProvider.ClientId,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _idp.DisposeAsync();
        _oauth.Dispose();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }

    [Fact]
    public async Task Signed_in_user_sees_only_their_own_connections_and_no_token_material()
    {
        var refreshed = new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);
        var expires = new DateTimeOffset(2099, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var aliceTokens = await SeedAsync("acme", "alice", "mail", refreshed, expires);
        var bobTokens = await SeedAsync("acme", "bob", "chat");
        var otherTenantTokens = await SeedAsync("globex", "alice", "chat");
        using var browser = new CookieBrowser();

        var html = await SignInToConnectionsAsync(browser);

        Assert.Contains("id=\"connection-mail\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"connection-chat\"", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-30 08:15:00Z", html, StringComparison.Ordinal);
        Assert.Contains("2099-01-02 03:04:05Z", html, StringComparison.Ordinal);
        Assert.Contains("id=\"connect-chat\"", html, StringComparison.Ordinal);
        foreach (var token in aliceTokens.Concat(bobTokens).Concat(otherTenantTokens))
        {
            // Not the token, nor any part of it a page might show (a prefix, a suffix).
            Assert.DoesNotContain(token[..12], html, StringComparison.Ordinal);
            Assert.DoesNotContain(token[^8..], html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connect_started_on_the_page_is_bound_to_this_browser_and_completes_there()
    {
        using var browser = new CookieBrowser();
        var html = await SignInToConnectionsAsync(browser);

        using var started = await browser.PostFormAsync(Page("/v1/ui/connections/mail/connect"), [CookieBrowser.AntiforgeryField(html)]);

        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var authorizeUrl = started.Headers.Location!.ToString();
        Assert.StartsWith(_oauth.Url + "/authorize?", authorizeUrl, StringComparison.Ordinal);
        Assert.Contains(browser.SetCookies, c => c.StartsWith("latchkey_connect_", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        using var callback = await browser.GetAsync(Page("/oauth/callback" + CallbackQuery(authorizeUrl)));
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.NotNull(await StoredAsync("acme", "alice", "mail"));
        using var page = await browser.GetAsync(Page("/v1/ui/connections"));
        Assert.Contains("id=\"connection-mail\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bind = await _host.Seq!.WaitForEventAsync(e => Action(e) == "connection.bind" && e.GetProperty("Decision").GetString() == "allowed");
        Assert.Equal(("acme", "alice", "mail"), (bind.GetProperty("Tenant").GetString(), bind.GetProperty("UserId").GetString(), bind.GetProperty("Target").GetString()));
        await _host.Seq.WaitForEventAsync(e => Action(e) == "connection.start" && e.GetProperty("Target").GetString() == "mail");
        await _host.Seq.WaitForEventAsync(e => Action(e) == "connection.complete");
        await AssertNoTokenInEmittedTextAsync([.. _oauth.IssuedTokens]);
    }

    [Fact]
    public async Task Callback_of_a_page_started_connect_in_another_browser_is_refused()
    {
        using var browser = new CookieBrowser();
        var html = await SignInToConnectionsAsync(browser);
        using var started = await browser.PostFormAsync(Page("/v1/ui/connections/mail/connect"), [CookieBrowser.AntiforgeryField(html)]);
        var authorizeUrl = started.Headers.Location!.ToString();

        // Another browser, even one signed in as the same person, did not start this flow.
        using var other = new CookieBrowser();
        await SignInToConnectionsAsync(other);
        using var callback = await other.GetAsync(Page("/oauth/callback" + CallbackQuery(authorizeUrl)));

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Null(await StoredAsync("acme", "alice", "mail"));
        Assert.Equal(0, _oauth.TokenCalls);
        var refused = await _host.Seq!.WaitForEventAsync(e => Action(e) == "connection.complete");
        Assert.Equal(("denied", "browser_mismatch"), (refused.GetProperty("Decision").GetString(), refused.GetProperty("Reason").GetString()));
    }

    [Fact]
    public async Task Disconnect_revokes_the_refresh_token_at_the_provider_deletes_and_is_audited()
    {
        var tokens = await SeedAsync("acme", "alice", "mail");
        using var browser = new CookieBrowser();
        var html = await SignInToConnectionsAsync(browser);

        using var disconnected = await browser.PostFormAsync(Page("/v1/ui/connections/mail/disconnect"), [CookieBrowser.AntiforgeryField(html)]);

        Assert.Equal(HttpStatusCode.SeeOther, disconnected.StatusCode);
        Assert.Equal("/v1/ui/connections?notice=disconnected", disconnected.Headers.Location!.OriginalString);
        Assert.Equal(1, _oauth.RevokeCalls);
        Assert.Equal(tokens[1], _oauth.LastRevokedToken);
        Assert.Null(await StoredAsync("acme", "alice", "mail"));
        var audit = await _host.Seq!.WaitForEventAsync(e => Action(e) == "connection.delete");
        Assert.Equal(("allowed", "revoked", "mail", "alice"), (audit.GetProperty("Decision").GetString(), audit.GetProperty("Revocation").GetString(),
            audit.GetProperty("Target").GetString(), audit.GetProperty("UserId").GetString()));
        Assert.False(audit.TryGetProperty("Reason", out _));
        await AssertNoTokenInEmittedTextAsync(tokens);
    }

    [Fact]
    public async Task Failed_revocation_still_deletes_and_is_audited_as_failed()
    {
        var tokens = await SeedAsync("acme", "alice", "mail");
        _oauth.RevokeMode = "unavailable";
        using var browser = new CookieBrowser();
        var html = await SignInToConnectionsAsync(browser);

        using var disconnected = await browser.PostFormAsync(Page("/v1/ui/connections/mail/disconnect"), [CookieBrowser.AntiforgeryField(html)]);

        Assert.Equal("/v1/ui/connections?notice=revocation-failed", disconnected.Headers.Location!.OriginalString);
        Assert.Equal(1, _oauth.RevokeCalls);
        Assert.Null(await StoredAsync("acme", "alice", "mail"));
        using var page = await browser.GetAsync(Page("/v1/ui/connections?notice=revocation-failed"));
        Assert.Contains("could not revoke", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = await _host.Seq!.WaitForEventAsync(e => Action(e) == "connection.delete");
        Assert.Equal(("allowed", "failed", "revocation_failed"), (audit.GetProperty("Decision").GetString(),
            audit.GetProperty("Revocation").GetString(), audit.GetProperty("Reason").GetString()));
        await AssertNoTokenInEmittedTextAsync(tokens);
    }

    [Fact]
    public async Task Provider_without_a_revocation_endpoint_says_so_and_disconnect_deletes_here_only()
    {
        await SeedAsync("acme", "alice", "chat");
        using var browser = new CookieBrowser();
        var html = await SignInToConnectionsAsync(browser);
        Assert.Contains("id=\"no-revocation-chat\"", html, StringComparison.Ordinal);

        using var disconnected = await browser.PostFormAsync(Page("/v1/ui/connections/chat/disconnect"), [CookieBrowser.AntiforgeryField(html)]);

        Assert.Equal("/v1/ui/connections?notice=deleted-not-revoked", disconnected.Headers.Location!.OriginalString);
        Assert.Equal(0, _oauth.RevokeCalls);
        Assert.Null(await StoredAsync("acme", "alice", "chat"));
        var audit = await _host.Seq!.WaitForEventAsync(e => Action(e) == "connection.delete");
        Assert.Equal("not_supported", audit.GetProperty("Revocation").GetString());
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        await SeedAsync("acme", "alice", "mail");
        using var browser = new CookieBrowser();
        await SignInToConnectionsAsync(browser);

        using var disconnect = await browser.PostFormAsync(Page("/v1/ui/connections/mail/disconnect"), []);
        using var connect = await browser.PostFormAsync(Page("/v1/ui/connections/chat/connect"), []);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (disconnect.StatusCode, connect.StatusCode));
        Assert.NotNull(await StoredAsync("acme", "alice", "mail"));
        Assert.Equal(0, _oauth.RevokeCalls);
        Assert.DoesNotContain(browser.SetCookies, c => c.StartsWith("latchkey_connect_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_sign_in_and_comes_back_to_the_connections_page()
    {
        await SeedAsync("acme", "alice", "mail");
        using var browser = new CookieBrowser();

        using var anonymous = await browser.GetAsync(Page("/v1/ui/connections"));
        using var anonymousPost = await browser.PostFormAsync(Page("/v1/ui/connections/mail/disconnect"), []);

        Assert.Equal(HttpStatusCode.SeeOther, anonymous.StatusCode);
        Assert.Equal("/v1/ui/signin?return=connections", anonymous.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, anonymousPost.StatusCode);
        var (url, page) = await browser.FollowAsync(Page("/v1/ui/connections"));
        Assert.Equal(Page("/v1/ui/connections"), url);
        Assert.Contains("id=\"connection-mail\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _oauth.RevokeCalls);
        Assert.NotNull(await StoredAsync("acme", "alice", "mail"));
    }

    private Uri Page(string pathAndQuery) => new(_host.BaseAddress, pathAndQuery);

    private async Task<string> SignInToConnectionsAsync(CookieBrowser browser)
    {
        var (url, page) = await browser.FollowAsync(Page("/v1/ui/connections"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(url == Page("/v1/ui/connections") && page.StatusCode == HttpStatusCode.OK, $"ended at {url}: {(int)page.StatusCode}");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);

        // Browsers apply form-action to the redirect after a post: Connect may go to the provider's authorize origin, nowhere else.
        Assert.Contains($"form-action 'self' {new Uri(_oauth.Url).GetLeftPart(UriPartial.Authority)};", csp, StringComparison.Ordinal);
        return html;
    }

    /// <summary>Plays the provider's consent for the authorize URL: the callback query with a fresh code and the URL's state.</summary>
    private string CallbackQuery(string authorizeUrl)
    {
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();
        return QueryHelpers.AddQueryString(string.Empty, new Dictionary<string, string?> { ["code"] = _oauth.Approve(authorizeUrl), ["state"] = state });
    }

    /// <summary>Stores a token pair for the connection; returns the access and refresh tokens.</summary>
    private async Task<string[]> SeedAsync(string tenant, string user, string provider, DateTimeOffset? refreshedAt = null, DateTimeOffset? expiresAt = null)
    {
        var tokens = new[] { _oauth.MintToken("at-"), _oauth.MintToken("rt-") };
        await _host.Factory.Services.GetRequiredService<ITokenVault>().StoreAsync(
            new ConnectionKey(tenant, user, provider),
            new UserToken
            {
                AccessToken = new SecretValue(tokens[0]),
                RefreshToken = new SecretValue(tokens[1]),
                ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddHours(1),
                Scopes = ["email.send"],
                ConnectedAt = DateTimeOffset.UtcNow,
                RefreshedAt = refreshedAt,
            },
            CancellationToken.None);
        return tokens;
    }

    private Task<UserToken?> StoredAsync(string tenant, string user, string provider) =>
        _host.Factory.Services.GetRequiredService<ITokenVault>().GetAsync(new ConnectionKey(tenant, user, provider), CancellationToken.None).AsTask();

    private async Task AssertNoTokenInEmittedTextAsync(string[] tokens)
    {
        var emitted = await _host.EmittedTextAsync();
        foreach (var token in tokens.Concat(_idp.IssuedSecrets).Append(_oauth.ClientSecret))
        {
            Assert.DoesNotContain(token, emitted, StringComparison.Ordinal);
        }
    }

    private static string? Action(JsonElement auditEvent) =>
        auditEvent.TryGetProperty("Action", out var action) ? action.GetString() : null;
}
