using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// The session token never reaches an upstream, wherever an SDK puts it: a copy in another header
/// is stripped, one in the query or a form field is refused, a second different token is refused,
/// and a provider's <c>session_token_from</c> names where its agents may present it.
/// </summary>
public sealed class SessionTokenPlacementTests : IAsyncLifetime
{
    private const string Messages = "/mail/gmail/v1/users/me/messages";

    private const string Providers = TestConfigs.Providers + """

          models:
            upstream: "{upstream}/api"
            allow_private_network: true
            credential: agent
            agent:
              type: api_key
              key: env:LATCHKEY_IT_TICKETS_KEY
            inject:
              header: x-api-key
            session_token_from: [authorization, x-api-key, api-key, "query:key"]
        """;

    private const string Rules = TestConfigs.Rules + """

          - id: models.use
            provider: models
            methods: [GET, POST]
            path: /v1/{**rest}
            scopes: [models.use]
            action: allow
        """;

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;
    private CreatedSession _other = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(Providers, Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.read", "email.send", "models.use");
        _other = await _host.CreateSessionAsync("acme", "bob", "other-bot", "email.read", "models.use");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.user-token-3c1f");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> HeaderPositions() =>
        new() { "x-api-key", "api-key", "X-Goog-Api-Key", "X-Custom-Token", "Cookie", "X-Debug" };

    [Theory]
    [MemberData(nameof(HeaderPositions))]
    public async Task A_copy_of_the_session_token_in_any_header_is_not_forwarded(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Messages);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        var value = header == "X-Debug" ? "prefix " + _session.Token + " suffix" : _session.Token;
        request.Headers.TryAddWithoutValidation(header, header == "Cookie" ? "sid=" + value : value);
        request.Headers.TryAddWithoutValidation("X-Keep", "yes");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Contains(received.Headers!, h => h.Key.Equals("X-Keep", StringComparison.OrdinalIgnoreCase));
        AssertUpstreamNeverSawAToken();
    }

    public static TheoryData<string> QueryPositions() => new()
    {
        "?access_token={token}",
        "?key={token}",
        "?a=1&my_custom_name={token}&b=2",
        "?q=%6C%6B%5F{body}",
        "?q=lk%5f{body}",
        "?q={token}&r=1",
    };

    [Theory]
    [MemberData(nameof(QueryPositions))]
    public async Task A_session_token_in_the_query_is_refused(string query)
    {
        var target = Messages + query.Replace("{token}", _session.Token, StringComparison.Ordinal)
            .Replace("{body}", _session.Token[3..], StringComparison.Ordinal);

        // Raw bytes: HttpClient would already decode %6C before Latchkey saw it.
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", target, "Bearer " + _session.Token);

        ErrorAssert.IsError(response, 400, "session_token_misplaced");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Fact]
    public async Task A_session_token_in_a_urlencoded_form_field_is_refused()
    {
        using var content = new StringContent("note=hi&access_token=" + _session.Token, Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token, content);

        await ErrorAssert.IsErrorAsync(response, 400, "session_token_misplaced");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Fact]
    public async Task A_percent_encoded_session_token_in_a_form_field_is_refused()
    {
        using var content = new StringContent("note=hi&t=%6Ck%5F" + _session.Token[3..], Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token, content);

        await ErrorAssert.IsErrorAsync(response, 400, "session_token_misplaced");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Fact]
    public async Task A_session_token_in_a_multipart_form_field_is_refused()
    {
        using var content = new MultipartFormDataContent { { new StringContent("hello"), "note" }, { new StringContent(_session.Token), "token" } };

        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", _session.Token, content);

        await ErrorAssert.IsErrorAsync(response, 400, "session_token_misplaced");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Theory]
    [InlineData("mail", "x-api-key")]
    [InlineData("mail", "X-Custom-Token")]
    [InlineData("models", "x-api-key")]
    [InlineData("models", "api-key")]
    public async Task Two_different_session_tokens_in_one_request_are_refused(string provider, string header)
    {
        var path = provider == "mail" ? Messages : "/models/v1/models";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        request.Headers.TryAddWithoutValidation(header, _other.Token);

        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 400, "session_token_misplaced");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Theory]
    [InlineData("x-api-key")]
    [InlineData("api-key")]
    public async Task A_provider_may_accept_the_session_token_in_a_named_header(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models/v1/models");
        request.Headers.TryAddWithoutValidation(header, _session.Token);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal(TestConfigs.TicketsKey, received.Headers!["x-api-key"].Single());
        AssertUpstreamNeverSawAToken();
    }

    [Fact]
    public async Task The_same_token_in_two_accepted_positions_is_one_session()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        request.Headers.TryAddWithoutValidation("x-api-key", _session.Token);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstreamNeverSawAToken();
    }

    [Fact]
    public async Task A_header_position_not_named_by_the_provider_is_no_session()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Messages);
        request.Headers.TryAddWithoutValidation("x-api-key", _session.Token);

        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    [Fact]
    public async Task An_unknown_provider_is_still_401_without_a_session_and_404_with_one()
    {
        using var anonymous = await _host.SendAsync(HttpMethod.Get, "/nope/x", null);
        using var apiKeyOnly = new HttpRequestMessage(HttpMethod.Get, "/nope/x");
        apiKeyOnly.Headers.TryAddWithoutValidation("x-api-key", _session.Token);
        using var withApiKey = await _host.Client.SendAsync(apiKeyOnly);
        using var withSession = await _host.SendAsync(HttpMethod.Get, "/nope/x", _session.Token);

        await ErrorAssert.IsErrorAsync(anonymous, 401, "invalid_session");
        await ErrorAssert.IsErrorAsync(withApiKey, 401, "invalid_session");
        await ErrorAssert.IsErrorAsync(withSession, 404, "unknown_provider");
    }

    [Fact]
    public async Task The_query_position_is_removed_and_every_other_query_byte_kept()
    {
        using var upstream = new RequestLineRecorder();
        await using var host = LatchkeyTestHost.Start(Providers.Replace("{upstream}", upstream.Url, StringComparison.Ordinal), Rules);
        var session = await host.CreateSessionAsync("acme", "alice", "support-bot", "models.use");

        foreach (var (query, expected) in new[]
        {
            ("?a=%2e%41&key={token}&b=c+d", "?a=%2e%41&b=c+d"),
            ("?key={token}", string.Empty),
            ("?key={token}&x=%2F", "?x=%2F"),
            ("?x=1&key={token}", "?x=1"),
            ("?x=1&key=%6Ck_{body}&y", "?x=1&y"),
        })
        {
            var target = "/models/v1/models" + query.Replace("{token}", session.Token, StringComparison.Ordinal)
                .Replace("{body}", session.Token[3..], StringComparison.Ordinal);

            var response = await RawHttp.SendAsync(host.BaseAddress, "GET", target, authorization: null);

            Assert.Equal(200, response.Status);
            Assert.Equal("GET /api/v1/models" + expected + " HTTP/1.1", await upstream.NextRequestLineAsync());
        }
    }

    [Fact]
    public async Task The_query_position_with_a_different_token_in_a_header_is_refused()
    {
        var target = "/models/v1/models?key=" + _session.Token;

        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", target, "Bearer " + _other.Token);

        ErrorAssert.IsError(response, 400, "session_token_misplaced");
        Assert.Equal(0, _host.Upstream.Forwarded);
    }

    private void AssertUpstreamNeverSawAToken()
    {
        foreach (var entry in _host.Upstream.Received)
        {
            var message = entry.RequestMessage;
            var all = new StringBuilder(message.Url).Append('\n').Append(message.Body);
            foreach (var (name, values) in message.Headers!)
            {
                all.Append('\n').Append(name).Append(": ").AppendJoin(", ", values);
            }

            Assert.DoesNotContain("lk_", all.ToString(), StringComparison.Ordinal);
        }
    }
}
