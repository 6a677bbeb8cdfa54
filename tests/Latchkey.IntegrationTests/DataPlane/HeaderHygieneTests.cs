using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary>
/// What the upstream receives besides the credential (hop-by-hop and client-identity headers,
/// the query's exact bytes) and what the agent gets back (no cookies, never the credential).
/// </summary>
public sealed class HeaderHygieneTests : IAsyncLifetime
{
    private const string UserToken = "ya29.echoed-user-token-5e1d0a9c";
    private const string Messages = "/mail/gmail/v1/users/me/messages";
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.read", "tickets.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", UserToken);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Headers_named_in_every_Connection_header_are_not_forwarded()
    {
        // Kestrel keeps a Connection value whole unless exactly one of close / keep-alive / upgrade
        // is among its tokens (then it keeps only that token: docs/security.md). Two requests on one
        // connection, so the first one carries no "close".
        var authority = _host.BaseAddress.Authority;
        var first = $"GET {Messages} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {_session.Token}\r\n"
            + "X-Secret: hop\r\nX-Other: hop\r\nX-Third: hop\r\nConnection: X-Secret, x-other\r\nConnection: X-Third\r\n\r\n";
        var second = $"GET {Messages} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {_session.Token}\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendRawAsync(_host.BaseAddress, Encoding.ASCII.GetBytes(first + second));

        Assert.Equal(200, response.Status);
        Assert.Equal(2, _host.Upstream.Received.Count);
        var received = _host.Upstream.Received[0].RequestMessage;
        foreach (var name in new[] { "X-Secret", "X-Other", "X-Third" })
        {
            Assert.DoesNotContain(received.Headers!, h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Client_identity_headers_never_reach_the_upstream_in_any_spelling()
    {
        string[] identity =
        [
            "True-Client-IP", "X-Client-IP", "X-Cluster-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP",
            "X-Originating-IP", "X-Remote-IP", "X-Remote-Addr", "X-ProxyUser-Ip", "Client-IP",
            "X-Envoy-External-Address", "X_Forwarded_For", "X_Real_IP", "True_Client_IP", "X-Forwarded",
            "Fly-Client-IP", "X-Vercel-Forwarded-For", "X-Original-Host", "X-Host", "X_Original_Host",
        ];
        using var request = new HttpRequestMessage(HttpMethod.Get, Messages);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        foreach (var name in identity)
        {
            request.Headers.TryAddWithoutValidation(name, "10.6.6.6");
        }

        request.Headers.TryAddWithoutValidation("X-Keep", "yes");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in identity)
        {
            AssertNotReceived(name);
        }

        Assert.Contains(Received().Headers!, h => h.Key.Equals("X-Keep", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Set_Cookie2_never_reaches_the_agent()
    {
        _host.Upstream.Server.Given(Request.Create().WithPath("/gmail/v1/users/me/cookie2").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Set-Cookie2", "legacy=1; Version=1").WithBody("{}"));

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/cookie2", _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie2"));
        Assert.False(response.Content.Headers.Contains("Set-Cookie2"));
    }

    [Fact]
    public async Task Query_reaches_the_upstream_byte_for_byte()
    {
        // WireMock re-parses the URL it received, so the request line is read off a raw socket.
        using var upstream = new RequestLineRecorder();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers.Replace("{upstream}", upstream.Url, StringComparison.Ordinal), TestConfigs.Rules);
        var session = await host.CreateSessionAsync("acme", "alice", "support-bot", "email.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", UserToken);

        foreach (var query in new[] { "?x=%2e%2e%41", "?q=%7e%41b+c&r=%2F%3a", "?a=1&&b=%5B%5d" })
        {
            // Raw bytes: HttpClient's own Uri would already decode %41 before Latchkey saw it.
            var response = await RawHttp.SendAsync(host.BaseAddress, "GET", Messages + query, "Bearer " + session.Token);

            Assert.Equal(200, response.Status);
            Assert.Equal("GET /gmail/v1/users/me/messages" + query + " HTTP/1.1", await upstream.NextRequestLineAsync());
        }
    }

    [Fact]
    public async Task Credential_echoed_by_the_upstream_is_scrubbed_and_audited()
    {
        _host.Upstream.Server.Given(Request.Create().WithPath("/gmail/v1/users/me/echo").UsingGet())
            .RespondWith(Response.Create().WithCallback(message =>
            {
                var auth = message.Headers!["Authorization"][0];
                var padding = new string('p', 100_000);
                return new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>>
                    {
                        ["X-Debug-Auth"] = new(auth),
                        ["Content-Type"] = new("application/json"),
                    },
                    BodyData = new WireMock.Util.BodyData
                    {
                        BodyAsString = "{\"auth\":\"" + auth + "\",\"pad\":\"" + padding + "\",\"again\":\"" + auth + "\"}",
                        DetectedBodyType = WireMock.Types.BodyType.String,
                    },
                };
            }));

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/echo", _session.Token);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(UserToken, body, StringComparison.Ordinal);
        Assert.DoesNotContain(UserToken, response.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer " + new string('*', UserToken.Length), Assert.Single(response.Headers.GetValues("X-Debug-Auth")));
        Assert.Equal(2, body.Split(new string('*', UserToken.Length)).Length - 1);
        Assert.Contains(new string('p', 100_000), body, StringComparison.Ordinal);

        var audit = await _host.WaitForAuditEventAsync(response);
        Assert.True(audit.GetProperty("CredentialEchoed").GetBoolean());
    }

    [Fact]
    public async Task A_response_without_the_credential_is_not_flagged()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, Messages, _session.Token);

        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        var audit = await _host.WaitForAuditEventAsync(response);
        Assert.False(audit.TryGetProperty("CredentialEchoed", out _));
    }

    private WireMock.IRequestMessage Received() => Assert.Single(_host.Upstream.Received).RequestMessage;

    private void AssertNotReceived(string name) =>
        Assert.DoesNotContain(Received().Headers!, h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
}
