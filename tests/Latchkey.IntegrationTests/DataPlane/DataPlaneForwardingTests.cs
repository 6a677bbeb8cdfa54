using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.DataPlane;

public sealed class DataPlaneForwardingTests : IAsyncLifetime
{
    private const string UserToken = "ya29.user-real-token-3f9a8b7c";
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.send", "email.read", "tickets.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", UserToken);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Allowed_request_reaches_upstream_with_the_user_token_and_not_the_session_token()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token,
            new StringContent("{\"raw\":\"aGVsbG8=\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal("POST", received.Method);
        Assert.Equal("/gmail/v1/users/me/messages/send", received.AbsolutePath);
        Assert.Equal(["Bearer " + UserToken], received.Headers!["Authorization"].ToArray());
        Assert.DoesNotContain(received.Headers!, h => h.Value.Any(v => v.Contains(_session.Token, StringComparison.Ordinal)));
        Assert.Equal("{\"raw\":\"aGVsbG8=\"}", received.Body);
    }

    [Fact]
    public async Task Every_response_carries_our_request_id_and_no_upstream_cookie()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));
        Assert.NotEqual("forged-by-upstream", requestId);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Agent_headers_that_identify_or_steer_never_reach_the_upstream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mail/gmail/v1/users/me/messages?q=from%3Abob&pageToken=abc");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        request.Headers.Add("Cookie", "sid=agent-cookie");
        request.Headers.Add("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.Add("Latchkey-Approval", "apr_123");
        request.Headers.Add("Latchkey-Anything", "x");
        request.Headers.Add("X-Forwarded-For", "10.9.9.9");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "for=10.9.9.9;host=evil.example");
        request.Headers.Add("X-Hop-Secret", "hop");
        request.Headers.Connection.Add("X-Hop-Secret");
        request.Headers.Add("X-Api-Version", "2024-01-01");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        string[] forbidden =
        [
            "Cookie", "Proxy-Authorization", "Latchkey-Approval", "Latchkey-Anything", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Hop-Secret",
        ];
        foreach (var name in forbidden)
        {
            Assert.False(received.Headers!.ContainsKey(name), $"{name} reached the upstream");
        }

        Assert.Equal("GET", received.Method);
        Assert.Equal(["Bearer " + UserToken], received.Headers!["Authorization"].ToArray());
        Assert.Equal(["2024-01-01"], received.Headers!["X-Api-Version"].ToArray());
        Assert.Equal("?q=from%3Abob&pageToken=abc", new Uri(received.Url).Query);
    }

    [Theory]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("X-HTTP-Method")]
    [InlineData("X-Method-Override")]
    public async Task Method_override_header_is_refused_and_nothing_is_forwarded(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mail/gmail/v1/users/me/messages");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        request.Headers.Add(header, "DELETE");

        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Agent_credential_is_injected_in_the_configured_header_under_the_upstream_base_path()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/tickets/rest/api/3/issue/SUP-42", _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal("/ex/jira/cloud-1/rest/api/3/issue/SUP-42", received.AbsolutePath);
        Assert.Equal([TestConfigs.TicketsKey], received.Headers!["x-api-key"].ToArray());
        Assert.False(received.Headers!.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("basic")]
    public async Task Session_token_is_accepted_in_the_alternative_header_forms(string form)
    {
        var value = form == "token"
            ? "token " + _session.Token
            : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + _session.Token));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mail/gmail/v1/users/me/messages");
        request.Headers.TryAddWithoutValidation("Authorization", value);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer " + UserToken], Assert.Single(_host.Upstream.Received).RequestMessage.Headers!["Authorization"].ToArray());
    }

    [Fact]
    public async Task Upstream_redirect_is_returned_to_the_agent_not_followed()
    {
        _host.Upstream.Server.Given(Request.Create().WithPath("/gmail/v1/users/me/moved").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "https://elsewhere.example/x"));

        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/moved", _session.Token);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("https://elsewhere.example/x", response.Headers.Location!.ToString());
        Assert.Single(_host.Upstream.Received);
    }

    [Fact]
    public async Task Percent_encoded_unreserved_characters_are_forwarded_decoded()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/me%73sages", _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/gmail/v1/users/me/messages", Assert.Single(_host.Upstream.Received).RequestMessage.AbsolutePath);
    }

    [Fact]
    public async Task Large_request_body_streams_through_intact()
    {
        var payload = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        _host.Upstream.Server.Given(Request.Create().WithPath("/gmail/v1/users/me/messages/send").UsingPost())
            .RespondWith(Response.Create().WithCallback(message => new WireMock.ResponseMessage
            {
                StatusCode = 200,
                BodyData = new WireMock.Util.BodyData
                {
                    BodyAsString = Convert.ToHexString(SHA256.HashData(message.BodyAsBytes ?? [])),
                    DetectedBodyType = WireMock.Types.BodyType.String,
                },
            }));

        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token,
            new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), await response.Content.ReadAsStringAsync());
    }
}
