using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// Batch requests over real HTTP: Graph <c>$batch</c>, Salesforce composite and a Google multipart
/// batch are split and each sub-request judged as if sent alone. An allowed batch reaches the
/// upstream byte for byte; one refused sub-request refuses the batch and nothing is forwarded; an
/// approve sub-request holds the whole batch, whose approved retry is forwarded once; audit names
/// the batch's size and deciding sub-request, never a sub-request's url or body. GraphQL over GET
/// is judged as GraphQL.
/// </summary>
public sealed class BatchRuleTests : IAsyncLifetime
{
    private const string Marker = "PLANTEDBATCHTEXT93";
    private const string Boundary = "batch_x1";

    private const string Providers = """
        providers:
          graph:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
            batch:
              /v1.0/$batch: microsoft_graph
          sf:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
            batch:
              /services/data/{version}/composite: salesforce_composite
          mail:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
            batch:
              /batch/{api}/{version}: google_multipart
          linear:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
            graphql: [/graphql]
        """;

    private const string Rules = """
        rules:
          - id: graph.mail.read
            provider: graph
            methods: [GET]
            path: /v1.0/me/messages/{**rest}
            action: allow
          - id: graph.mail.send
            provider: graph
            methods: [POST]
            path: /v1.0/me/sendMail
            action: approve
          - id: graph.mail.never-delete
            provider: graph
            methods: [DELETE]
            path: /v1.0/me/messages/{id}
            action: deny
          - id: sf.account.read
            provider: sf
            methods: [GET]
            path: /services/data/{version}/sobjects/Account/{id}
            action: allow
          - id: gmail.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages/{id}
            action: allow
          - id: linear.read
            provider: linear
            methods: [GET, POST]
            path: /graphql
            graphql:
              operation: [query]
            action: allow
        """;

    private LatchkeyTestHost _host = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(Providers, Rules, settings: new Dictionary<string, string?> { ["Latchkey:Rules:MaxInspectedBodyBytes"] = "4096" });
        foreach (var provider in new[] { "graph", "sf", "mail", "linear" })
        {
            await _host.SeedUserTokenAsync("acme", "alice", provider, "tok_PLANTEDUSERTOKEN");
        }

        _token = (await _host.CreateSessionAsync("acme", "alice", "batch-bot")).Token;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_allowed_graph_batch_is_forwarded_byte_for_byte_and_audited_with_its_size()
    {
        var sent = Encoding.UTF8.GetBytes("""{"requests":[{"id":"1","method":"GET","url":"/me/messages?$search=PLANTEDBATCHTEXT93"},""" + "\n" + """ {"id":"2","method":"GET","url":"me/messages/AAMk1"}]}""");

        using var response = await PostAsync("/graph/v1.0/$batch", sent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal(sent, received.BodyAsBytes);
        Assert.Equal("/v1.0/$batch", received.AbsolutePath);
        var audit = await _host.WaitForAuditEventAsync(RequestId(response));
        Assert.Equal(2, audit.GetProperty("BatchSize").GetInt32());
    }

    [Fact]
    public async Task A_batch_with_one_denied_sub_request_is_refused_nothing_forwarded_and_the_sub_request_named()
    {
        using var response = await PostAsync("/graph/v1.0/$batch", Graph(("GET", "/me/messages/" + Marker), ("DELETE", "/me/messages/" + Marker)));

        var error = await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Equal("graph.mail.never-delete", error.GetProperty("rule").GetString());
        Assert.StartsWith("Sub-request 1 (id '2') of the batch", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);
        var audit = await _host.WaitForAuditEventAsync(RequestId(response));
        Assert.Equal(2, audit.GetProperty("BatchSize").GetInt32());
        Assert.Equal(1, audit.GetProperty("BatchDecidingIndex").GetInt32());
        Assert.DoesNotContain(Marker, await _host.EmittedTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approve_sub_request_holds_the_whole_batch_and_the_approved_retry_is_forwarded_once()
    {
        var batch = Graph(("GET", "/me/messages"), ("POST", "/me/sendMail"));

        using var held = await PostAsync("/graph/v1.0/$batch", batch);
        var approvalId = (await ErrorAssert.IsErrorAsync(held, 202, "approval_required")).GetProperty("approval_id").GetString()!;
        Assert.Empty(_host.Upstream.Received);
        await ApproveAsync(approvalId);

        using var retried = await PostAsync("/graph/v1.0/$batch", batch, approvalId);
        using var again = await PostAsync("/graph/v1.0/$batch", batch, approvalId);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(batch, Assert.Single(_host.Upstream.Received).RequestMessage.BodyAsBytes);
    }

    [Theory]
    [InlineData("/me/messages/..%2F..%2Fadmin")]
    [InlineData("/me/messages/%2e%2e/%2e%2e/users")]
    [InlineData("/me/messages/%252e%252e/users")]
    [InlineData("/me/messages/a%5C..%5Cusers")]
    public async Task A_sub_request_with_an_encoded_path_refuses_the_batch(string url)
    {
        using var response = await PostAsync("/graph/v1.0/$batch", Graph(("GET", "/me/messages"), ("GET", url)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("""{"requests":[{"id":"1","method":"GET","url":"/me/messages","url":"/me/contacts"}]}""")]
    [InlineData("""{"requests":[{"id":"1","method":"POST","url":"/$batch"}]}""")]
    [InlineData("""{"requests":[]}""")]
    public async Task A_batch_that_cannot_be_judged_is_unreadable_and_not_forwarded(string body)
    {
        using var response = await PostAsync("/graph/v1.0/$batch", Encoding.UTF8.GetBytes(body));

        await ErrorAssert.IsErrorAsync(response, 400, "unreadable_content");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task A_batch_over_the_inspection_bound_is_refused_413()
    {
        using var response = await PostAsync("/graph/v1.0/$batch", Graph([.. Enumerable.Repeat(("GET", "/me/messages/" + new string('a', 100)), 60)]));

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task A_salesforce_composite_of_allowed_reads_is_forwarded_and_one_unlisted_refuses_it()
    {
        var allowed = Encoding.UTF8.GetBytes("""{"compositeRequest":[{"method":"GET","url":"/services/data/v60.0/sobjects/Account/001A","referenceId":"a"}]}""");
        var unlisted = Encoding.UTF8.GetBytes("""{"compositeRequest":[{"method":"GET","url":"/services/data/v60.0/sobjects/Account/001A","referenceId":"a"},{"method":"DELETE","url":"/services/data/v60.0/sobjects/Account/001A","referenceId":"b"}]}""");

        using var refused = await PostAsync("/sf/services/data/v60.0/composite", unlisted);
        using var forwarded = await PostAsync("/sf/services/data/v60.0/composite", allowed);

        await ErrorAssert.IsErrorAsync(refused, 403, "route_denied");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(allowed, Assert.Single(_host.Upstream.Received).RequestMessage.BodyAsBytes);
    }

    [Fact]
    public async Task A_google_batch_is_judged_part_by_part()
    {
        var allowed = Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1", "GET /gmail/v1/users/me/messages/2");
        var smuggled = Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1\r\nX: a\nDELETE /gmail/v1/users/me/messages/1 HTTP/1.1");

        using var refused = await PostAsync("/mail/batch/gmail/v1", smuggled, contentType: "multipart/mixed; boundary=" + Boundary);
        using var forwarded = await PostAsync("/mail/batch/gmail/v1", allowed, contentType: "multipart/mixed; boundary=" + Boundary);

        await ErrorAssert.IsErrorAsync(refused, 400, "unreadable_content");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(allowed, Assert.Single(_host.Upstream.Received).RequestMessage.BodyAsBytes);
    }

    [Fact]
    public async Task A_graphql_query_sent_with_get_is_judged_and_a_get_mutation_refused()
    {
        using var mutation = await _host.SendAsync(HttpMethod.Get, "/linear/graphql?query=" + Uri.EscapeDataString("mutation { issueDelete(id: \"1\") { success } }"), _token);
        using var query = await _host.SendAsync(HttpMethod.Get, "/linear/graphql?query=" + Uri.EscapeDataString("{ viewer { id } }"), _token);

        await ErrorAssert.IsErrorAsync(mutation, 400, "unreadable_content");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Single(_host.Upstream.Received);
    }

    [Fact]
    public async Task Explain_says_which_sub_request_decided()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rules/explain")
        {
            Content = JsonContent.Create(new
            {
                provider = "graph",
                method = "POST",
                path = "/v1.0/$batch",
                body = new { requests = new[] { new { id = "a", method = "GET", url = "/me/messages" }, new { id = "b", method = "DELETE", url = "/me/messages/1" } } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "sec", "latchkey.security"));

        using var response = await _host.Client.SendAsync(request);

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("route_denied", answer.GetProperty("decision").GetString());
        Assert.Equal("graph.mail.never-delete", answer.GetProperty("rule").GetString());
        Assert.Equal(2, answer.GetProperty("sub_requests").GetInt32());
        Assert.Equal(1, answer.GetProperty("sub_request").GetInt32());
        Assert.StartsWith("Sub-request 1 (id 'b') of the batch", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static string RequestId(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));

    private static byte[] Graph(params (string Method, string Url)[] requests) =>
        Encoding.UTF8.GetBytes("{\"requests\":[" + string.Join(",", requests.Select((r, i) => $"{{\"id\":\"{i + 1}\",\"method\":\"{r.Method}\",\"url\":\"{r.Url}\"}}")) + "]}");

    private static byte[] Google(params string[] requests) => Encoding.UTF8.GetBytes(
        string.Concat(requests.Select((r, i) => $"--{Boundary}\r\nContent-Type: application/http\r\nContent-ID: <item{i + 1}>\r\n\r\n{r}\r\n")) + $"--{Boundary}--\r\n");

    private async Task ApproveAsync(string approvalId)
    {
        using var decide = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/approve")
        {
            Content = JsonContent.Create(new { justification = "looked at the whole batch" }),
        };
        decide.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var decided = await _host.Client.SendAsync(decide);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, string? approvalId = null, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (approvalId is not null)
        {
            request.Headers.Add("Latchkey-Approval", approvalId);
        }

        return _host.Client.SendAsync(request);
    }
}
