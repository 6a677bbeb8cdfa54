using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.IntegrationTests.Admin.SignIn;

/// <summary>
/// People sign in to the approvals page with the organisation's IdP (OpenID Connect, code + PKCE,
/// against a fake provider on loopback): the tenant and roles come from the id_token as from a
/// management JWT, a tampered state or nonce, a bad signature or tenant claim signs nobody in, and
/// no code or token reaches the logs.
/// </summary>
public sealed class UiSignInTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - id: mail.send.approve
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send]
            action: approve
        """;

    private FakeOidcProvider _idp = null!;
    private LatchkeyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeOidcProvider.StartAsync();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:Admin:Authority"] = _idp.Issuer,
            ["Latchkey:Admin:SignIn:ClientId"] = FakeOidcProvider.ClientId,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task Person_signs_in_with_the_IdP_and_approves_a_held_request_of_their_tenant()
    {
        var approvalId = await HoldRequestAsync();
        using var browser = new CookieBrowser();

        var (url, page) = await SignInAsync(browser);

        Assert.Equal(Page("/v1/ui/approvals"), url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"{approvalId}\"", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var session = Assert.Single(browser.SetCookies, c => c.StartsWith("latchkey_ui_session=", StringComparison.Ordinal));
        Assert.Contains("path=/v1/ui", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);

        using var decided = await browser.PostFormAsync(Page($"/v1/ui/approvals/{approvalId}/approve"),
            [CookieBrowser.AntiforgeryField(html), new("justification", "looks fine")]);
        Assert.Equal(HttpStatusCode.SeeOther, decided.StatusCode);
        Assert.EndsWith("notice=approved", decided.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var approval = await GetApprovalAsync(approvalId);
        Assert.Equal(("approved", "alice"), (approval.GetProperty("status").GetString(), approval.GetProperty("decided_by").GetString()));
    }

    [Fact]
    public async Task Decision_without_the_antiforgery_token_is_refused_even_when_signed_in()
    {
        var approvalId = await HoldRequestAsync();
        using var browser = new CookieBrowser();
        await SignInAsync(browser);

        using var forged = await browser.PostFormAsync(Page($"/v1/ui/approvals/{approvalId}/approve"), [new("justification", "csrf")]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("pending", (await GetApprovalAsync(approvalId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Tampered_state_signs_nobody_in_and_the_code_is_never_redeemed()
    {
        using var browser = new CookieBrowser();
        var (callback, _) = await browser.FollowAsync(Page("/v1/ui/signin"), IsCallback);
        var query = QueryHelpers.ParseQuery(callback.Query);
        var tampered = new Uri(callback.GetLeftPart(UriPartial.Path) + QueryString(query["code"]!, query["state"] + "x"));

        var (url, page) = await browser.FollowAsync(tampered);

        await AssertSignedOutAsync(browser, url, page);
        Assert.Equal(0, _idp.TokenCalls);
    }

    [Fact]
    public async Task Callback_from_another_browser_signs_nobody_in()
    {
        using var victim = new CookieBrowser();
        var (callback, _) = await victim.FollowAsync(Page("/v1/ui/signin"), IsCallback);
        using var attacker = new CookieBrowser();

        var (url, page) = await attacker.FollowAsync(callback);

        await AssertSignedOutAsync(attacker, url, page);
        Assert.Equal(0, _idp.TokenCalls);
    }

    [Fact]
    public async Task Id_token_with_another_nonce_signs_nobody_in()
    {
        using var browser = new CookieBrowser();
        _idp.NonceOverride = "nonce-of-another-sign-in";

        var (url, page) = await SignInAsync(browser);

        await AssertSignedOutAsync(browser, url, page);
        Assert.Equal(1, _idp.TokenCalls);
    }

    [Fact]
    public async Task Id_token_signed_by_a_key_the_IdP_does_not_publish_signs_nobody_in()
    {
        using var browser = new CookieBrowser();
        _idp.SignWithUnpublishedKey = true;

        var (url, page) = await SignInAsync(browser);

        await AssertSignedOutAsync(browser, url, page);
    }

    public static TheoryData<string, object?> WrongTenantClaims() => new()
    {
        { "missing", null },
        { "two tenants", new[] { "acme", "globex" } },
        { "a number", 42 },
        { "empty", string.Empty },
    };

    [Theory]
    [MemberData(nameof(WrongTenantClaims))]
    public async Task Id_token_without_one_tenant_signs_nobody_in(string why, object? tenant)
    {
        _idp.NextClaims = new(StringComparer.Ordinal) { ["sub"] = "alice" };
        if (tenant is not null)
        {
            _idp.NextClaims["tid"] = tenant;
        }

        using var browser = new CookieBrowser();
        var (url, page) = await SignInAsync(browser);

        Assert.True(url == Page("/v1/ui/approvals?notice=signin-failed"), $"{why}: ended at {url}");
        await AssertSignedOutAsync(browser, url, page);
    }

    [Fact]
    public async Task Tenant_and_roles_come_from_the_id_token_like_a_management_jwt()
    {
        await HoldRequestAsync();
        _idp.NextClaims = new(StringComparer.Ordinal) { ["sub"] = "auditor-1", ["tid"] = "acme", ["roles"] = new[] { "latchkey.auditor" } };
        using var auditor = new CookieBrowser();
        var auditorPage = await (await SignInAsync(auditor)).Response.Content.ReadAsStringAsync();

        _idp.NextClaims = new(StringComparer.Ordinal) { ["sub"] = "alice", ["tid"] = "globex" };
        using var otherTenant = new CookieBrowser();
        var otherTenantPage = await (await SignInAsync(otherTenant)).Response.Content.ReadAsStringAsync();

        // The auditor reads the tenant's approvals but may not decide; another tenant sees none.
        Assert.Contains("class=\"approval\"", auditorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"approve-", auditorPage, StringComparison.Ordinal);
        Assert.Contains("id=\"empty\"", otherTenantPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_IdP_configured_a_pasted_token_is_not_taken()
    {
        using var browser = new CookieBrowser();
        using var signInPage = await browser.GetAsync(Page("/v1/ui/approvals"));
        var html = await signInPage.Content.ReadAsStringAsync();

        Assert.Contains("id=\"sign-in-idp\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"token\"", html, StringComparison.Ordinal);
        var valid = _idp.IssueManagementJwt("acme", "alice");
        using var paste = await browser.PostFormAsync(Page("/v1/ui/login"), [new("token", valid)]);
        Assert.Equal(HttpStatusCode.NotFound, paste.StatusCode);
        browser.Cookies.Add(_host.BaseAddress, new Cookie("latchkey_ui", valid, "/v1/ui"));
        using var page = await browser.GetAsync(Page("/v1/ui/approvals"));
        Assert.Contains("id=\"sign-in-idp\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_code_state_or_token_reaches_the_logs()
    {
        using (var browser = new CookieBrowser())
        {
            var (_, page) = await SignInAsync(browser);
            using var signedOut = await browser.PostFormAsync(Page("/v1/ui/logout"), [CookieBrowser.AntiforgeryField(await page.Content.ReadAsStringAsync())]);
        }

        using (var tampered = new CookieBrowser())
        {
            var (callback, _) = await tampered.FollowAsync(Page("/v1/ui/signin"), IsCallback);
            await tampered.FollowAsync(new Uri(callback.OriginalString + "x"));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!(_host.Seq!.Payloads.Any(p => p.Contains("UiSignedIn", StringComparison.Ordinal)) && _host.Seq.Payloads.Any(p => p.Contains("UiSignInFailed", StringComparison.Ordinal))
            && _host.Seq.Events.Count(e => Action(e) is "ui.signin" or "ui.signout") == 3))
        {
            Assert.True(DateTime.UtcNow < deadline, "the sign-in events never reached Seq");
            await Task.Delay(100);
        }

        var logs = await _host.EmittedTextAsync();
        Assert.NotEmpty(_idp.IssuedSecrets);
        foreach (var secret in _idp.IssuedSecrets.Concat(_idp.States))
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sign_in_and_sign_out_are_each_audited_once_with_user_and_tenant()
    {
        using var browser = new CookieBrowser();
        var (_, page) = await SignInAsync(browser);
        var html = await page.Content.ReadAsStringAsync();

        using var signedOut = await browser.PostFormAsync(Page("/v1/ui/logout"), [CookieBrowser.AntiforgeryField(html)]);

        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        foreach (var action in new[] { "ui.signin", "ui.signout" })
        {
            var audit = await _host.Seq!.WaitForEventAsync(e => Action(e) == action);
            Assert.Equal(("latchkey.admin", "allowed", "acme", "alice"), (audit.GetProperty("EventType").GetString(),
                audit.GetProperty("Decision").GetString(), audit.GetProperty("Tenant").GetString(), audit.GetProperty("UserId").GetString()));
            Assert.False(audit.TryGetProperty("Reason", out _));
        }

        Assert.Single(_host.Seq!.Events, e => Action(e) == "ui.signin");
        Assert.Single(_host.Seq.Events, e => Action(e) == "ui.signout");
    }

    [Fact]
    public async Task Failed_sign_ins_are_audited_with_a_reason_code_and_only_the_identity_the_IdP_proved()
    {
        using (var tampered = new CookieBrowser())
        {
            var (callback, _) = await tampered.FollowAsync(Page("/v1/ui/signin"), IsCallback);
            var query = QueryHelpers.ParseQuery(callback.Query);
            await tampered.FollowAsync(new Uri(callback.GetLeftPart(UriPartial.Path) + QueryString(query["code"]!, query["state"] + "x")));
        }

        using (var victim = new CookieBrowser())
        using (var attacker = new CookieBrowser())
        {
            var (callback, _) = await victim.FollowAsync(Page("/v1/ui/signin"), IsCallback);
            await attacker.FollowAsync(callback);
        }

        using (var refusedAtIdp = new CookieBrowser())
        {
            var (callback, _) = await refusedAtIdp.FollowAsync(Page("/v1/ui/signin"), IsCallback);
            var state = QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
            await refusedAtIdp.FollowAsync(new Uri(callback.GetLeftPart(UriPartial.Path) + QueryHelpers.AddQueryString(string.Empty,
                new Dictionary<string, string?> { ["error"] = "access_denied", ["error_description"] = "user-said-no", ["state"] = state })));
        }

        _idp.NextClaims = new(StringComparer.Ordinal) { ["sub"] = "alice" };
        using (var noTenant = new CookieBrowser())
        {
            await SignInAsync(noTenant);
        }

        var expected = new (string Reason, string? User)[] { ("invalid_state", null), ("correlation_failed", null), ("idp_error", null), ("invalid_claims", "alice") };
        foreach (var (reason, user) in expected)
        {
            var audit = await _host.Seq!.WaitForEventAsync(e => Action(e) == "ui.signin" && e.TryGetProperty("Reason", out var r) && r.GetString() == reason);
            Assert.Equal("denied", audit.GetProperty("Decision").GetString());
            Assert.Equal(user, audit.TryGetProperty("UserId", out var u) ? u.GetString() : null);
            Assert.False(audit.TryGetProperty("Tenant", out _), reason);
        }

        Assert.DoesNotContain("user-said-no", await _host.EmittedTextAsync(), StringComparison.Ordinal);
        Assert.Equal(expected.Length, _host.Seq!.Events.Count(e => Action(e) == "ui.signin"));
    }

    [Fact]
    public async Task Forged_callback_parameters_and_cookies_reach_no_log_audit_line_or_page()
    {
        // Everything here can be written into a link or set by another site's page; only the
        // reason code and what the IdP proved are audited.
        const string Marker = "HOSTILEoidc9d3a";
        var pages = new List<string>();
        async Task VisitAsync(CookieBrowser browser, Uri url)
        {
            var (_, page) = await browser.FollowAsync(url);
            pages.Add(await page.Content.ReadAsStringAsync());
        }

        // With this browser's own state, so the handler reads on past the state check.
        async Task ForgeWithRealStateAsync(Func<string, Dictionary<string, string?>> parameters)
        {
            using var browser = new CookieBrowser();
            var (callback, _) = await browser.FollowAsync(Page("/v1/ui/signin"), IsCallback);
            var state = QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
            await VisitAsync(browser, new Uri(callback.GetLeftPart(UriPartial.Path) + QueryHelpers.AddQueryString(string.Empty, parameters(state))));
        }

        await ForgeWithRealStateAsync(state => new() { ["error"] = Marker, ["error_description"] = Marker, ["error_uri"] = $"https://{Marker}.example/", ["state"] = state });
        await ForgeWithRealStateAsync(state => new() { ["code"] = Marker, ["state"] = state, ["iss"] = Marker, ["session_state"] = Marker });
        await ForgeWithRealStateAsync(state => new() { ["id_token"] = Marker + ".x.y", ["state"] = state });

        using (var stranger = new CookieBrowser())
        {
            await VisitAsync(stranger, Page($"/v1/ui/signin-oidc?code={Marker}&state={Marker}&{Marker}={Marker}"));
            stranger.Cookies.Add(new Cookie(".AspNetCore.Correlation." + Marker, Marker, "/", _host.BaseAddress.Host));
            stranger.Cookies.Add(new Cookie(".AspNetCore.OpenIdConnect.Nonce." + Marker, Marker, "/", _host.BaseAddress.Host));
            await VisitAsync(stranger, Page($"/v1/ui/signin-oidc?code={Marker}&state={Marker}"));
            using var posted = await stranger.PostFormAsync(Page("/v1/ui/signin-oidc"), [new("id_token", Marker), new("state", Marker), new("code", Marker), new("error", Marker)]);
            pages.Add(await posted.Content.ReadAsStringAsync());
            using var signIn = await stranger.GetAsync(Page($"/v1/ui/signin?ReturnUrl=https://{Marker}.example/&returnUrl=/{Marker}"));
            pages.Add(await signIn.Content.ReadAsStringAsync());
        }

        await _host.Seq!.WaitForEventAsync(e => Action(e) == "ui.signin" && e.TryGetProperty("Reason", out var r) && r.GetString() == "idp_error");
        Assert.DoesNotContain(Marker, await _host.EmittedTextAsync(), StringComparison.Ordinal);
        Assert.All(pages, page => Assert.DoesNotContain(Marker, page, StringComparison.Ordinal));
    }

    private static string? Action(JsonElement auditEvent) =>
        auditEvent.TryGetProperty("Action", out var action) ? action.GetString() : null;

    private static bool IsCallback(Uri url) => url.AbsolutePath == "/v1/ui/signin-oidc";

    private static string QueryString(string code, string state) =>
        QueryHelpers.AddQueryString(string.Empty, new Dictionary<string, string?> { ["code"] = code, ["state"] = state });

    private Uri Page(string pathAndQuery) => new(_host.BaseAddress, pathAndQuery);

    private Task<(Uri Url, HttpResponseMessage Response)> SignInAsync(CookieBrowser browser) => browser.FollowAsync(Page("/v1/ui/signin"));

    private async Task AssertSignedOutAsync(CookieBrowser browser, Uri url, HttpResponseMessage page)
    {
        Assert.Equal(Page("/v1/ui/approvals?notice=signin-failed"), url);
        Assert.Contains("id=\"sign-in-idp\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(browser.SetCookies, c => c.StartsWith("latchkey_ui_session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
    }

    private async Task<string> HoldRequestAsync()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = new StringContent("{\"agent_id\":\"mailer\",\"scopes\":[\"email.send\"]}", Encoding.UTF8, "application/json"),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _idp.IssueManagementJwt("acme", "alice"));
        using var created = await _host.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.signin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send")
        {
            Content = new StringContent("{\"to\":\"bob@example.com\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var held = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        return JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("approval_id").GetString()!;
    }

    private async Task<JsonElement> GetApprovalAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/approvals/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _idp.IssueManagementJwt("acme", "alice"));
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
