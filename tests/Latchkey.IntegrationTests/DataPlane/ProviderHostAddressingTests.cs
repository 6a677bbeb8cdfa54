using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary>
/// Host-based addressing (<c>Latchkey:ProviderHosts</c>): <c>mail.latchkey.internal/gmail/v1/...</c>
/// is provider <c>mail</c> with the whole path as its provider path, judged, credentialed,
/// forwarded and audited by the same steps as <c>latchkey.internal/mail/gmail/v1/...</c>. This is
/// what SDKs that keep only the origin of their base URL need (googleapis' <c>rootUrl</c>).
/// </summary>
public sealed class ProviderHostAddressingTests : IAsyncLifetime
{
    private const string BaseDomain = "latchkey.internal";
    private const string PublicUrl = "https://latchkey.internal:8443";
    private const string MailHost = "mail." + BaseDomain;
    private const string UserToken = "ya29.user-real-token-host-5d1e";

    // Provider paths that look like Latchkey's own: on a provider host they are the provider's.
    private const string Rules = TestConfigs.Rules + """

          - id: mail.lookalikes
            provider: mail
            methods: [GET]
            path: /v1/{**rest}
            scopes: [email.read]
            action: allow
          - id: mail.healthz
            provider: mail
            methods: [GET]
            path: /healthz
            scopes: [email.read]
            action: allow
          - id: mail.oauth
            provider: mail
            methods: [GET]
            path: /oauth/{**rest}
            scopes: [email.read]
            action: allow
        """;

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = StartHost(providerHosts: BaseDomain);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.read", "email.send", "tickets.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", UserToken);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_origin_only_base_url_reaches_the_provider_named_by_the_host()
    {
        // googleapis-common keeps only the origin of rootUrl: {latchkey}/mail becomes /gmail/v1/...
        using var response = await SendAsync(HttpMethod.Get, MailHost, "/gmail/v1/users/me/messages?maxResults=2", _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal("/gmail/v1/users/me/messages", received.AbsolutePath);
        Assert.Equal("?maxResults=2", new Uri(received.Url).Query);
        Assert.Equal(["Bearer " + UserToken], received.Headers!["Authorization"].ToArray());
        Assert.Equal(new Uri(_host.Upstream.Url).Authority, received.Headers!["Host"].Single());
        Assert.DoesNotContain(received.Headers!, h => h.Value.Any(v => v.Contains(_session.Token, StringComparison.Ordinal)));

        var audit = await AuditOf(response);
        Assert.Equal("mail", audit.GetProperty("Provider").GetString());
        Assert.Equal("/gmail/v1/users/me/messages", audit.GetProperty("Path").GetString());
        Assert.Equal("mail.read", audit.GetProperty("RuleId").GetString());
        Assert.Equal("host", audit.GetProperty("Addressing").GetString());
    }

    [Fact]
    public async Task Without_provider_hosts_an_origin_only_base_url_names_no_provider()
    {
        await using var plain = StartHost(providerHosts: null);
        var session = await plain.CreateSessionAsync("acme", "alice", "support-bot", "email.read");
        await plain.SeedUserTokenAsync("acme", "alice", "mail", UserToken);

        using var response = await SendAsync(plain, HttpMethod.Get, MailHost, "/gmail/v1/users/me/messages", session.Token);

        await ErrorAssert.IsErrorAsync(response, 404, "unknown_provider");
        Assert.Equal(0, plain.Upstream.Forwarded);
    }

    public static TheoryData<string, string> SamePaths() => new()
    {
        { "GET", "/gmail/v1/users/me/messages/x" },
        { "GET", "/gmail/v1/users/me/settings/filters" },
        { "GET", "/gmail/v1/users/other/messages" },
        { "POST", "/gmail/v1/users/me/messages/send" },
        { "DELETE", "/gmail/v1/users/me/messages/m1" },
        { "GET", "/gmail/v1/users/me/%73ettings/filters" },
        { "GET", "/gmail/v1/users/me/../me/settings/x" },
    };

    [Theory]
    [MemberData(nameof(SamePaths))]
    public async Task Host_and_path_addressing_get_the_same_verdict(string method, string path)
    {
        var byPath = await RawAsync(BaseDomain, method, "/mail" + path, "Bearer " + _session.Token);
        var byHost = await RawAsync(MailHost, method, path, "Bearer " + _session.Token);

        Assert.Equal(byPath.Status, byHost.Status);
        Assert.Equal(ErrorOf(byPath), ErrorOf(byHost));
        Assert.Equal(RuleOf(byPath), RuleOf(byHost));
        var paths = _host.Upstream.Received.Select(e => e.RequestMessage.AbsolutePath).ToList();
        Assert.True(paths.Count % 2 == 0 && paths.Distinct().Count() <= 1, string.Join(", ", paths));
    }

    [Fact]
    public async Task A_path_naming_another_provider_stays_a_path_of_the_host_provider()
    {
        using var response = await SendAsync(HttpMethod.Get, MailHost, "/tickets/rest/api/3/issue/X-1", _session.Token);

        var audit = await RefusedAndAuditedAsync(response, 403, "route_denied");
        Assert.Equal("mail", audit.GetProperty("Provider").GetString());
        Assert.Equal("/tickets/rest/api/3/issue/X-1", audit.GetProperty("Path").GetString());
    }

    [Theory]
    [InlineData("/v1/sessions")]
    [InlineData("/v1/ui/approvals")]
    [InlineData("/healthz")]
    [InlineData("/oauth/callback")]
    public async Task Latchkey_own_paths_are_provider_paths_on_a_provider_host(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, MailHost, path, _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal(path, received.AbsolutePath);
        Assert.Equal(["Bearer " + UserToken], received.Headers!["Authorization"].ToArray());
    }

    [Fact]
    public async Task The_management_api_is_not_served_on_a_provider_host()
    {
        using var request = ManagementRequest(HttpMethod.Post, MailHost, "/v1/sessions");
        request.Content = JsonContent.Create(new { agent_id = "intruder", scopes = new[] { "email.read" } });

        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Theory]
    [InlineData("nope." + BaseDomain)]
    [InlineData("a.mail." + BaseDomain)]
    [InlineData("v1." + BaseDomain)]
    [InlineData("mail_x." + BaseDomain)]
    [InlineData("-mail." + BaseDomain)]
    public async Task A_provider_host_naming_no_provider_is_unknown_provider(string host)
    {
        using var response = await SendAsync(HttpMethod.Get, host, "/v1/sessions", _session.Token);

        var audit = await RefusedAndAuditedAsync(response, 404, "unknown_provider");
        Assert.Equal("unknown_provider", audit.GetProperty("Reason").GetString());
        Assert.Equal("denied", audit.GetProperty("Decision").GetString());
    }

    [Fact]
    public async Task A_provider_host_without_a_session_is_invalid_session_not_a_probe()
    {
        using var known = await SendAsync(HttpMethod.Get, MailHost, "/gmail/v1/users/me/messages", sessionToken: null);
        using var unknown = await SendAsync(HttpMethod.Get, "nope." + BaseDomain, "/gmail/v1/users/me/messages", sessionToken: null);

        await ErrorAssert.IsErrorAsync(known, 401, "invalid_session");
        await ErrorAssert.IsErrorAsync(unknown, 401, "invalid_session");
    }

    [Theory]
    [InlineData("MAIL.LatchKey.Internal")]
    [InlineData("mail.latchkey.internal:8443")]
    [InlineData("mail.latchkey.internal.")]
    [InlineData("Mail.Latchkey.Internal.:1")]
    public async Task Host_matching_ignores_case_port_and_one_trailing_dot(string host)
    {
        using var response = await SendAsync(HttpMethod.Get, host, "/gmail/v1/users/me/messages", _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/gmail/v1/users/me/messages", Assert.Single(_host.Upstream.Received).RequestMessage.AbsolutePath);
    }

    [Theory]
    [InlineData(BaseDomain)]
    [InlineData("LATCHKEY.internal.")]
    [InlineData("127.0.0.1")]
    [InlineData("mail.latchkey.internal.example")]
    public async Task Other_hosts_keep_path_addressing_and_the_management_api(string host)
    {
        using var provider = await SendAsync(HttpMethod.Get, host, "/mail/gmail/v1/users/me/messages", _session.Token);
        using var request = ManagementRequest(HttpMethod.Get, host, "/v1/sessions");
        using var management = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, provider.StatusCode);
        Assert.Equal("/gmail/v1/users/me/messages", Assert.Single(_host.Upstream.Received).RequestMessage.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Contains(_session.Id, await management.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mail.latchkey.internal..", "/mail/gmail/v1/users/me/messages", 200)] // not a name under the base: path addressing
    [InlineData("mail..latchkey.internal", "/gmail/v1/users/me/messages", 404)] // under the base, but "mail." is no label
    [InlineData(".latchkey.internal", "/gmail/v1/users/me/messages", 404)]
    public async Task Hosts_with_empty_labels_never_reach_a_provider_they_do_not_name(string host, string target, int status)
    {
        var response = await RawAsync(host, "GET", target, "Bearer " + _session.Token);

        Assert.Equal(status, response.Status);
        Assert.Equal(status == 200 ? 1 : 0, _host.Upstream.Forwarded);
        if (status == 404)
        {
            Assert.Equal("unknown_provider", ErrorOf(response));
        }
    }

    [Fact]
    public async Task An_absolute_form_target_naming_another_provider_host_is_never_forwarded()
    {
        // RFC 9112 §3.2.2: the absolute-form target wins over Host. Kestrel refuses a Host that
        // differs from the target's authority, and Latchkey refuses absolute-form targets anyway.
        var mismatched = await RawAsync(MailHost, "GET", $"http://tickets.{BaseDomain}/rest/api/3/issue/X-1", "Bearer " + _session.Token);
        var matching = await RawAsync($"tickets.{BaseDomain}", "GET", $"http://tickets.{BaseDomain}/rest/api/3/issue/X-1", "Bearer " + _session.Token);

        Assert.Equal(400, mismatched.Status);
        Assert.Equal(400, matching.Status);
        Assert.Equal("ambiguous_path", ErrorOf(matching));
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Fact]
    public async Task Upstream_links_point_at_the_provider_host_for_host_addressed_requests()
    {
        _host.Upstream.Server.Given(Request.Create().WithPath("/gmail/v1/users/me/messages").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("Link", $"<{_host.Upstream.Url}/gmail/v1/users/me/messages?pageToken=2>; rel=\"next\"")
                .WithHeader("Content-Location", "/gmail/v1/users/me/messages/m1")
                .WithBody("{}"));

        using var byHost = await SendAsync(HttpMethod.Get, MailHost + ":8443", "/gmail/v1/users/me/messages", _session.Token);
        using var byPath = await SendAsync(HttpMethod.Get, BaseDomain, "/mail/gmail/v1/users/me/messages", _session.Token);

        Assert.Equal($"<https://{MailHost}:8443/gmail/v1/users/me/messages?pageToken=2>; rel=\"next\"", Assert.Single(byHost.Headers.GetValues("Link")));
        Assert.Equal("/gmail/v1/users/me/messages/m1", Assert.Single(byHost.Content.Headers.GetValues("Content-Location")));
        Assert.Equal($"<{PublicUrl}/mail/gmail/v1/users/me/messages?pageToken=2>; rel=\"next\"", Assert.Single(byPath.Headers.GetValues("Link")));
        Assert.Equal("/mail/gmail/v1/users/me/messages/m1", Assert.Single(byPath.Content.Headers.GetValues("Content-Location")));
    }

    [Fact]
    public async Task Healthz_on_a_provider_host_is_no_probe_while_the_audit_buffer_is_unwritable()
    {
        // Replace the buffer folder with a file, then wait until requests fail closed.
        var audit = Path.Combine(_host.Root, "audit");
        Directory.Move(audit, audit + ".moved");
        await File.WriteAllTextAsync(audit, "not a folder");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var probe = await SendAsync(HttpMethod.Get, MailHost, "/gmail/v1/users/me/messages", _session.Token);
            if (probe.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                break;
            }

            await Task.Delay(100);
        }

        using var onProviderHost = await SendAsync(HttpMethod.Get, MailHost, "/healthz", sessionToken: null);
        using var onBase = await SendAsync(HttpMethod.Get, BaseDomain, "/healthz", sessionToken: null);

        await ErrorAssert.IsErrorAsync(onProviderHost, 503, "audit_unavailable");
        Assert.Equal(HttpStatusCode.OK, onBase.StatusCode);
    }

    [Fact]
    public async Task Connect_links_stay_on_the_public_url()
    {
        var session = await _host.CreateSessionAsync("acme", "bob", "support-bot", "email.read");

        using var response = await SendAsync(HttpMethod.Get, MailHost, "/gmail/v1/users/me/messages", session.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 403, "connection_required");
        Assert.StartsWith(PublicUrl + "/", body.GetProperty("authorize_url").GetString(), StringComparison.Ordinal);
    }

    private static LatchkeyTestHost StartHost(string? providerHosts)
    {
        var settings = new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = PublicUrl };
        if (providerHosts is not null)
        {
            settings["Latchkey:ProviderHosts"] = providerHosts;
        }

        return LatchkeyTestHost.Start(TestConfigs.Providers, Rules, settings: settings);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string host, string path, string? sessionToken) =>
        SendAsync(_host, method, host, path, sessionToken);

    private static async Task<HttpResponseMessage> SendAsync(LatchkeyTestHost latchkey, HttpMethod method, string host, string path, string? sessionToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        if (sessionToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
        }

        return await latchkey.Client.SendAsync(request);
    }

    /// <summary>A request exactly as written (no client-side path normalisation) with the given Host.</summary>
    private Task<RawResponse> RawAsync(string host, string method, string target, string authorization)
    {
        var request = $"{method} {target} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {authorization}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        return RawHttp.SendRawAsync(_host.BaseAddress, Encoding.Latin1.GetBytes(request));
    }

    private static string? ErrorOf(RawResponse response) => BodyOf(response)?.TryGetProperty("error", out var e) == true ? e.GetString() : null;

    private static string? RuleOf(RawResponse response) => BodyOf(response)?.TryGetProperty("rule", out var r) == true ? r.GetString() : null;

    private static JsonElement? BodyOf(RawResponse response)
    {
        var start = response.Body.IndexOf('{', StringComparison.Ordinal);
        var end = response.Body.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return null;
        }

        using var document = JsonDocument.Parse(response.Body[start..(end + 1)]);
        return document.RootElement.Clone();
    }

    /// <summary>A management API call as user alice of acme, with the given Host.</summary>
    private HttpRequestMessage ManagementRequest(HttpMethod method, string host, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        return request;
    }

    private async Task<JsonElement> RefusedAndAuditedAsync(HttpResponseMessage response, int status, string code)
    {
        await ErrorAssert.IsErrorAsync(response, status, code);
        Assert.Equal(0, _host.Upstream.Forwarded);
        return await AuditOf(response);
    }

    private async Task<JsonElement> AuditOf(HttpResponseMessage response) =>
        await _host.WaitForAuditEventAsync(response);
}
