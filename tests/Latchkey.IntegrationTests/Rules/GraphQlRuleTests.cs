using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// GraphQL rules over real HTTP on a GitHub-like <c>/graphql</c>: listed queries are forwarded byte
/// for byte, <c>createIssue</c> waits for a human, a mutation hidden behind an alias or a fragment is
/// denied, a document Latchkey cannot judge is 400, explain agrees, and no document text is emitted.
/// </summary>
public sealed class GraphQlRuleTests : IAsyncLifetime
{
    private const string Marker = "PLANTEDGRAPHQLTEXT71";

    private const string Providers = """
        providers:
          github:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
            graphql: [/graphql]
        """;

    private const string Rules = """
        rules:
          - id: gh.graphql.read
            provider: github
            methods: [POST]
            path: /graphql
            graphql:
              operation: [query]
              fields: [viewer, repository, search]
            action: allow
          - id: gh.graphql.create-issue
            provider: github
            methods: [POST]
            path: /graphql
            graphql:
              operation: [mutation]
              fields: [createIssue]
            action: approve
          - id: gh.graphql.never
            provider: github
            methods: [POST]
            path: /graphql
            graphql:
              any_field: [deleteRepository]
            action: deny
        """;

    private LatchkeyTestHost _host = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(Providers, Rules);
        await _host.SeedUserTokenAsync("acme", "alice", "github", "gho_PLANTEDGITHUBTOKEN");
        _token = (await _host.CreateSessionAsync("acme", "alice", "graphql-bot")).Token;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_listed_query_is_forwarded_with_the_exact_bytes()
    {
        var sent = Encoding.UTF8.GetBytes("{\"query\":\"query { search(query: \\\"" + Marker + "\\\", type: ISSUE, first: 1) { issueCount } }\",\n \"variables\": {}}");

        using var response = await PostAsync(sent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, Assert.Single(_host.Upstream.Received).RequestMessage.BodyAsBytes);
    }

    [Fact]
    public async Task Create_issue_is_held_for_approval()
    {
        using var response = await PostAsync(Body("mutation { createIssue(input: {}) { issue { id } } }"));

        await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("mutation { createIssue: deleteRepository(input: {}) { clientMutationId } }")]
    [InlineData("mutation { ...F } fragment F on Mutation { deleteRepository(input: {}) { clientMutationId } }")]
    public async Task A_denied_mutation_behind_an_alias_or_fragment_is_denied_and_audited(string document)
    {
        using var response = await PostAsync(Body(document));

        var error = await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Equal("gh.graphql.never", error.GetProperty("rule").GetString());
        Assert.Empty(_host.Upstream.Received);
        var audit = await _host.WaitForAuditEventAsync(response);
        Assert.Equal("route_denied", audit.GetProperty("Reason").GetString());
    }

    [Theory]
    [InlineData("""{"query":"mutation { deleteRepository( }"}""")]
    [InlineData("""[{"query":"{ viewer { login } }"},{"query":"mutation { deleteRepository(input: {}) { clientMutationId } }"}]""")]
    [InlineData("""{"query":"query A { viewer { login } } mutation B { deleteRepository(input: {}) { clientMutationId } }"}""")]
    [InlineData("""{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}""")]
    public async Task A_request_that_cannot_be_judged_is_unreadable_and_audited(string body)
    {
        using var response = await PostAsync(Encoding.UTF8.GetBytes(body));

        await ErrorAssert.IsErrorAsync(response, 400, "unreadable_content");
        Assert.Empty(_host.Upstream.Received);
        var audit = await _host.WaitForAuditEventAsync(response);
        Assert.Equal("unreadable_content", audit.GetProperty("Reason").GetString());
    }

    [Fact]
    public async Task Explain_gives_the_decision_and_the_graphql_condition_that_failed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rules/explain")
        {
            Content = JsonContent.Create(new
            {
                provider = "github",
                method = "POST",
                path = "/graphql",
                scopes = Array.Empty<string>(),
                body = new { query = "mutation Star { addStar(input: {}) { clientMutationId } }" },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "sec", "latchkey.security"));

        using var response = await _host.Client.SendAsync(request);

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("route_denied", answer.GetProperty("decision").GetString());
        var failed = answer.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "gh.graphql.create-issue");
        Assert.Equal("graphql operation [mutation]; fields [createIssue]", failed.GetProperty("condition").GetString());
        Assert.Equal("mutation Star { addStar }", failed.GetProperty("value").GetString());
    }

    [Fact]
    public async Task No_document_text_reaches_logs_or_audit()
    {
        foreach (var document in new[]
        {
            "query { search(query: \"" + Marker + "\", type: ISSUE, first: 1) { issueCount } }",
            "mutation { deleteRepository(input: {repositoryId: \"" + Marker + "\"}) { clientMutationId } }",
            "mutation { deleteRepository(input: {repositoryId: \"" + Marker + "\" }",
        })
        {
            using var response = await PostAsync(Body(document));
            await _host.WaitForAuditEventAsync(response);
        }

        var emitted = await _host.EmittedTextAsync();

        Assert.Contains("gh.graphql.never", emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain("gho_PLANTEDGITHUBTOKEN", emitted, StringComparison.Ordinal);
    }

    private static byte[] Body(string document) => JsonSerializer.SerializeToUtf8Bytes(new { query = document });

    private Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _host.SendAsync(HttpMethod.Post, "/github/graphql", _token, content);
    }
}
