using System.Net.Http.Headers;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary>Every refusal row of CONTRACT §3: its status, its error code, and nothing forwarded.</summary>
public sealed class DataPlaneRefusalTests : IAsyncLifetime
{
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.read", "email.delete", "tickets.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.alice");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer not-a-session-token")]
    [InlineData("Bearer ")]
    [InlineData("Digest lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Missing_or_unknown_session_is_401_invalid_session(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mail/gmail/v1/users/me/messages");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Revoked_session_is_refused_on_the_keep_alive_connection_that_kept_sending_it()
    {
        // Kestrel hands a connection the same header string when a request repeats it, and the
        // token's hash is remembered for that string (SessionTokenHashMemo): revocation must still
        // win on the very next request.
        var session = await _host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
        }

        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{session.Id}");
        revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var revoked = await _host.Client.SendAsync(revoke);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, revoked.StatusCode);
        var forwardedBefore = _host.Upstream.Received.Count;

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Equal(forwardedBefore, _host.Upstream.Received.Count);
    }

    [Fact]
    public async Task Management_jwt_is_not_a_session_on_the_data_plane()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", _host.Jwt.Issue("acme", "alice", "latchkey.admin"));

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Expired_session_is_refused()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { agent_id = "bot", scopes = new[] { "email.read" }, ttl_seconds = 1 }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var created = await _host.Client.SendAsync(create);
        var token = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", token);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Revoked_session_is_refused_at_once()
    {
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{_session.Id}");
        revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var revoked = await _host.Client.SendAsync(revoke);
        Assert.Equal(204, (int)revoked.StatusCode);

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", _session.Token);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("/nosuch/anything")]
    [InlineData("/nosuch/report.txt")]
    [InlineData("/nosuch")]
    [InlineData("/")]
    public async Task Unknown_provider_is_404(string path)
    {
        using var response = await _host.SendAsync(HttpMethod.Get, path, _session.Token);

        await ErrorAssert.IsErrorAsync(response, 404, "unknown_provider");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("/nosuch/anything")]
    [InlineData("/nosuch/report.txt")]
    public async Task Unknown_provider_without_a_session_is_401_so_names_cannot_be_probed(string path)
    {
        using var response = await _host.SendAsync(HttpMethod.Get, path, null);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
    }

    [Fact]
    public async Task Path_without_a_rule_is_403_route_denied()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/other/messages", _session.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("rule").ValueKind);
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Deny_rule_overrides_a_matching_allow_rule()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/settings/filters", _session.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Equal("mail.settings.deny", body.GetProperty("rule").GetString());
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Deny_rule_matches_case_variants_of_the_path()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/SETTINGS/filters", _session.Token);

        await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Missing_scope_is_403_insufficient_scope_naming_the_required_scopes()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token,
            new StringContent("{}", Encoding.UTF8, "application/json"));

        var body = await ErrorAssert.IsErrorAsync(response, 403, "insufficient_scope");
        Assert.Equal(["email.send"], body.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task User_without_a_connection_gets_403_connection_required_with_an_authorize_url()
    {
        var bob = await _host.CreateSessionAsync("acme", "bob", "support-bot", "email.read");

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", bob.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 403, "connection_required");
        Assert.Equal("mail", body.GetProperty("provider").GetString());
        Assert.StartsWith("http", body.GetProperty("authorize_url").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Tokens_never_cross_tenants()
    {
        var mallory = await _host.CreateSessionAsync("evil-corp", "alice", "support-bot", "email.read");

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", mallory.Token);

        await ErrorAssert.IsErrorAsync(response, 403, "connection_required");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    [InlineData("FOO")]
    public async Task Methods_no_rule_can_name_are_405(string method)
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, method, "/mail/gmail/v1/users/me/messages", "Bearer " + _session.Token);

        ErrorAssert.IsError(response, 405, "method_not_allowed");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Connect_is_405()
    {
        var authority = new Uri(_host.Upstream.Url).Authority;
        var request = $"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {_session.Token}\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendRawAsync(_host.BaseAddress, System.Text.Encoding.ASCII.GetBytes(request));

        ErrorAssert.IsError(response, 405, "method_not_allowed");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Grpc_content_is_415()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token,
            new ByteArrayContent([0, 0, 0, 0, 0]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } });

        await ErrorAssert.IsErrorAsync(response, 415, "unsupported_media_type");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Approve_rule_holds_the_request_with_202_approval_required()
    {
        using var response = await _host.SendAsync(HttpMethod.Delete, "/mail/gmail/v1/users/me/messages/123", _session.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        Assert.StartsWith("apr_", body.GetProperty("approval_id").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Ambiguous_path_is_400()
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", "/mail/gmail/v1/users/me/messages/%2e%2e/settings/filters",
            "Bearer " + _session.Token);

        ErrorAssert.IsError(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Absolute_form_target_cannot_change_the_destination()
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", "http://evil.example/mail/gmail/v1/users/me/messages",
            "Bearer " + _session.Token);

        Assert.NotEqual(200, response.Status);
        Assert.Empty(_host.Upstream.Received);
    }
}
