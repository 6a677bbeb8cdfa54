using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// Rule conditions (<c>when:</c>) over real HTTP: what the upstream receives for allowed content,
/// which refusal each hostile shape gets, one audit event per refusal, the bytes judged being the
/// bytes forwarded, routes without body conditions left streaming, and no body value or token in
/// what Latchkey emits (docs/rules-conditions.md).
/// </summary>
public sealed class ContentRuleTests : IAsyncLifetime
{
    private const int InspectionLimit = 2048;
    private const string SlackToken = "xoxb-PLANTED-CONTENT-TOKEN-5c1d";
    private const string GraphToken = "eyJ0eXAi.PLANTED-GRAPH-TOKEN.8e2f";
    private const string BodyMarker = "PLANTEDCONTENTBODY93";

    private const string Providers = """
        providers:
          slack:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
          graph:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
        """;

    private const string Rules = """
        rules:
          - id: slack.post.allowed-channels
            provider: slack
            methods: [POST]
            path: /api/chat.postMessage
            when:
              - body: /channel
                in: [C0123ENG, C0456OPS]
              - query: channel
                exists: false
            action: allow
          - id: slack.history.eng
            provider: slack
            methods: [GET]
            path: /api/conversations.history
            when:
              - query: channel
                equals: C0123ENG
              - header: X-Slack-Team
                equals: T0ACME
            action: allow
          - id: slack.files.upload
            provider: slack
            methods: [POST]
            path: /api/files.upload
            action: allow
          - id: mail.send.company-only
            provider: graph
            methods: [POST]
            path: /v1.0/me/sendMail
            when:
              - body: /message/toRecipients
                exists: true
              - body: /message/toRecipients
                all_of:
                  - at: /emailAddress/address
                    ends_with: "@example.com"
                    ignore_case: true
            action: allow
        """;

    private LatchkeyTestHost _host = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(Providers, Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:Rules:MaxInspectedBodyBytes"] = InspectionLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await _host.SeedUserTokenAsync("acme", "alice", "slack", SlackToken);
        await _host.SeedUserTokenAsync("acme", "alice", "graph", GraphToken);
        _token = (await _host.CreateSessionAsync("acme", "alice", "content-bot")).Token;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Post_to_an_allowed_channel_is_forwarded_with_the_exact_bytes_judged()
    {
        // Odd spacing, an escape and a non-ASCII character: a re-serialised body would differ.
        var sent = Encoding.UTF8.GetBytes("{ \"channel\" :\"C0123ENG\",\n\t\"text\":\"caf\\u00e9 \u2713 " + BodyMarker + "\" }");

        using var response = await PostAsync("/slack/api/chat.postMessage", sent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal(sent, received.BodyAsBytes);
        Assert.Equal(sent.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(received.Headers!["Content-Length"]));
        Assert.Equal("Bearer " + SlackToken, Assert.Single(received.Headers!["Authorization"]));
    }

    [Theory]
    [InlineData("""{"channel":"C0999RANDOM","text":"hi"}""")]
    [InlineData("""{"Channel":"C0999RANDOM","text":"hi"}""")]
    [InlineData("""{"text":"no channel at all"}""")]
    [InlineData("""{"channel":["C0123ENG"]}""")]
    public async Task Post_to_any_other_channel_is_denied_and_audited_once(string body)
    {
        using var response = await PostAsync("/slack/api/chat.postMessage", Encoding.UTF8.GetBytes(body));

        await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Empty(_host.Upstream.Received);
        await AssertOneAuditEventAsync(response, "route_denied");
    }

    [Fact]
    public async Task Mail_to_company_recipients_only_is_forwarded()
    {
        using var response = await PostAsync("/graph/v1.0/me/sendMail", Encoding.UTF8.GetBytes(
            """{"message":{"subject":"s","toRecipients":[{"emailAddress":{"address":"a@example.com"}},{"emailAddress":{"address":"B@EXAMPLE.COM"}}]}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("""{"message":{"toRecipients":[{"emailAddress":{"address":"a@example.com"}},{"emailAddress":{"address":"x@evil.test"}}]}}""")]
    [InlineData("""{"message":{"toRecipients":[{"emailAddress":{"address":"a@notexample.com"}}]}}""")]
    [InlineData("""{"message":{"toRecipients":[{"emailAddress":{}}]}}""")]
    [InlineData("""{"message":{"subject":"no recipients"}}""")]
    [InlineData("""{"message":{"toRecipients":{"emailAddress":{"address":"a@example.com"}}}}""")]
    public async Task Mail_with_any_outside_or_missing_recipient_is_denied(string body)
    {
        using var response = await PostAsync("/graph/v1.0/me/sendMail", Encoding.UTF8.GetBytes(body));

        await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Empty(_host.Upstream.Received);
        await AssertOneAuditEventAsync(response, "route_denied");
    }

    [Theory]
    [InlineData("?channel=C0123ENG", "T0ACME", HttpStatusCode.OK)]
    [InlineData("?channel=C0999RANDOM", "T0ACME", HttpStatusCode.Forbidden)]
    [InlineData("?channel=C0123ENG", "T0OTHER", HttpStatusCode.Forbidden)]
    [InlineData("?channel=C0123ENG", null, HttpStatusCode.Forbidden)]
    [InlineData("?channel=C0123ENG&channel=C0999RANDOM", "T0ACME", HttpStatusCode.BadRequest)]
    public async Task Query_and_header_conditions_decide_and_ambiguity_is_unreadable(string query, string? team, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/slack/api/conversations.history" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (team is not null)
        {
            request.Headers.Add("X-Slack-Team", team);
        }

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, _host.Upstream.Forwarded);
        if (expected != HttpStatusCode.OK)
        {
            await AssertOneAuditEventAsync(response, expected == HttpStatusCode.BadRequest ? "unreadable_content" : "route_denied");
        }
    }

    [Fact]
    public async Task A_channel_given_twice_in_the_query_of_a_post_is_unreadable()
    {
        using var response = await PostAsync("/slack/api/chat.postMessage?channel=C0123ENG&channel=C0999", Encoding.UTF8.GetBytes("""{"channel":"C0123ENG"}"""));

        await ErrorAssert.IsErrorAsync(response, 400, "unreadable_content");
        Assert.Empty(_host.Upstream.Received);
    }

    public static TheoryData<string, string, string?> UnreadableBodies => new()
    {
        { """{"channel":"C0123ENG","channel":"C0999RANDOM"}""", "application/json", null },
        { """{"channel":"C0123ENG","CHANNEL":"C0999RANDOM"}""", "application/json", null },
        { """{"channel":"C0123ENG"}""", "text/plain", null },
        { "channel=C0123ENG", "application/x-www-form-urlencoded", null },
        { """{"channel":"C0123ENG"}""", "application/json", "gzip" },
        { "\uFEFF{\"channel\":\"C0123ENG\"}", "application/json", null },
        { """{"channel":"C0123ENG"} {"channel":"C0999RANDOM"}""", "application/json", null },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task Ambiguous_or_mislabelled_bodies_are_refused_as_unreadable(string body, string contentType, string? encoding)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        using var response = await _host.SendAsync(HttpMethod.Post, "/slack/api/chat.postMessage", _token, content);

        var error = await ErrorAssert.IsErrorAsync(response, 400, "unreadable_content");
        Assert.Equal("slack.post.allowed-channels", error.GetProperty("rule").GetString());
        Assert.Empty(_host.Upstream.Received);
        await AssertOneAuditEventAsync(response, "unreadable_content");
    }

    [Fact]
    public async Task A_body_judged_by_conditions_above_the_limit_is_refused_with_413()
    {
        var body = Encoding.UTF8.GetBytes("{\"channel\":\"C0123ENG\",\"text\":\"" + new string('a', InspectionLimit) + "\"}");

        using var response = await PostAsync("/slack/api/chat.postMessage", body);

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
        Assert.Empty(_host.Upstream.Received);
        await AssertOneAuditEventAsync(response, "payload_too_large");
    }

    [Fact]
    public async Task A_chunked_body_judged_by_conditions_above_the_limit_is_refused_with_413()
    {
        var body = Encoding.UTF8.GetBytes("{\"channel\":\"C0123ENG\",\"text\":\"" + new string('a', InspectionLimit) + "\"}");
        using var content = new ChunkedContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _host.SendAsync(HttpMethod.Post, "/slack/api/chat.postMessage", _token, content);

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task A_route_without_body_conditions_streams_a_body_larger_than_the_inspection_limit()
    {
        var sent = new byte[InspectionLimit * 8];
        Random.Shared.NextBytes(sent);
        using var content = new ByteArrayContent(sent);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _host.SendAsync(HttpMethod.Post, "/slack/api/files.upload", _token, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, Assert.Single(_host.Upstream.Received).RequestMessage.BodyAsBytes);
    }

    [Fact]
    public async Task No_body_value_or_token_reaches_logs_audit_or_error_answers()
    {
        var answers = new StringBuilder();
        foreach (var (path, body) in new[]
        {
            ("/slack/api/chat.postMessage", "{\"channel\":\"C0123ENG\",\"text\":\"" + BodyMarker + "\"}"),
            ("/slack/api/chat.postMessage", "{\"channel\":\"" + BodyMarker + "\"}"),
            ("/slack/api/chat.postMessage", "{\"channel\":\"" + BodyMarker + "\",\"channel\":\"" + BodyMarker + "\"}"),
            ("/graph/v1.0/me/sendMail", "{\"message\":{\"toRecipients\":[{\"emailAddress\":{\"address\":\"" + BodyMarker + "@evil.test\"}}]}}"),
        })
        {
            using var response = await PostAsync(path, Encoding.UTF8.GetBytes(body));
            answers.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync());
            await _host.WaitForAuditEventAsync(response);
        }

        var emitted = await _host.EmittedTextAsync();

        Assert.Contains("slack.post.allowed-channels", emitted, StringComparison.Ordinal);
        foreach (var secret in new[] { BodyMarker, SlackToken, GraphToken, _token })
        {
            Assert.DoesNotContain(secret, emitted, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, answers.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_agent_that_leaves_while_its_inspected_body_is_read_is_recorded_as_client_aborted()
    {
        using (var agent = new System.Net.Sockets.TcpClient())
        {
            await agent.ConnectAsync(_host.BaseAddress.Host, _host.BaseAddress.Port);
            var stream = agent.GetStream();
            var head = $"POST /slack/api/chat.postMessage HTTP/1.1\r\nHost: {_host.BaseAddress.Authority}\r\n"
                + $"Authorization: Bearer {_token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"channel\":";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
            await Task.Delay(200);

            // Reset, not a half-close: the agent is gone mid-body.
            agent.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }

        var events = await AuditBufferFiles.WaitForAsync(Path.Combine(_host.Root, "audit"),
            all => all.Any(e => e.Text("EventType") == "latchkey.request"), TimeSpan.FromSeconds(10), "the abandoned request's record");
        var record = Assert.Single(events, e => e.Text("EventType") == "latchkey.request");

        // Kestrel ends the body the same way for a reset and for a truncated body, and signals the
        // abort a moment later: either the abort was seen (client_aborted, 499) or the body broke
        // off (400 request_body_error). Never a 500 internal_error, never a 200.
        var seen = (record.Text("Reason"), record.Text("Decision"), record.GetProperty("Status").GetInt32());
        Assert.True(seen is ("client_aborted", "failed", 499) or ("request_body_error", "denied", 400), seen.ToString());
        Assert.Empty(_host.Upstream.Received);
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _host.SendAsync(HttpMethod.Post, path, _token, content);
    }

    private async Task AssertOneAuditEventAsync(HttpResponseMessage response, string reason)
    {
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));
        var audit = await _host.WaitForAuditEventAsync(requestId);
        Assert.Equal(reason, audit.GetProperty("Reason").GetString());
        Assert.Single(_host.Seq!.Events, e => e.TryGetProperty("RequestId", out var id) && id.GetString() == requestId);
    }

    /// <summary>Sends its bytes without a Content-Length, so the proxy sees a chunked body.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
