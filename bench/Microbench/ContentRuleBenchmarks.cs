using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Microbench;

/// <summary>
/// What a content rule costs per request (issue 21 figures): the strict read of a 4 KiB JSON body
/// plus the Slack channel conditions on it, and the strict read, GraphQL parse and judge of a
/// typical 1 KiB GitHub query against the GraphQL worked examples of docs/rules-conditions.md.
/// </summary>
[MemoryDiagnoser]
public class ContentRuleBenchmarks
{
    private const string Providers = """
        providers:
          slack:
            upstream: https://slack.com
          github:
            upstream: https://api.github.com
            graphql: [/graphql]
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
              - body: /text
                max_length: 4000
            action: allow
          - id: slack.post.no-broadcast
            provider: slack
            methods: [POST]
            path: /api/chat.postMessage
            when:
              - body: /text
                matches: '.*<!(channel|everyone|here)>.*'
            action: deny
          - id: gh.graphql.read
            provider: github
            methods: [POST]
            path: /graphql
            graphql:
              operation: [query]
              fields: [viewer, repository, search, node, nodes, rateLimit]
            action: allow
          - id: gh.graphql.create-issue
            provider: github
            methods: [POST]
            path: /graphql
            graphql:
              operation: [mutation]
              fields: [createIssue, addComment]
            action: approve
          - id: gh.graphql.never
            provider: github
            methods: [POST]
            path: /graphql
            graphql:
              any_field: [deleteRepository, transferRepository, updateRepository, deleteIssue]
            action: deny
        """;

    // A typical agent query: one repository's open issues with labels, authors and comment counts.
    private const string Query = """
        query RepositoryIssues($owner: String!, $name: String!, $after: String) {
          repository(owner: $owner, name: $name) {
            id
            nameWithOwner
            issues(first: 25, after: $after, states: OPEN, orderBy: {field: UPDATED_AT, direction: DESC}) {
              totalCount
              pageInfo { hasNextPage endCursor }
              nodes {
                id
                number
                title
                url
                createdAt
                updatedAt
                author { login ... on User { name } }
                labels(first: 10) { nodes { name color } }
                assignees(first: 5) { nodes { login } }
                comments { totalCount }
                milestone { title dueOn }
                state
                stateReason
                closedAt
                locked
                reactions { totalCount }
                projectItems(first: 5) { nodes { id project { title } } }
                timelineItems(last: 1) { totalCount }
              }
            }
          }
          rateLimit { cost remaining resetAt }
        }
        """;

    private static readonly HashSet<string> Scopes = [];
    private static readonly HeaderDictionary Headers = new() { ["Content-Type"] = "application/json" };

    private readonly RuleSet _rules;
    private readonly byte[] _slackBody;
    private readonly byte[] _graphQlBody;

    public ContentRuleBenchmarks()
    {
        var loaded = ConfigLoader.Parse(Encoding.UTF8.GetBytes(Providers), Encoding.UTF8.GetBytes(Rules));
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        }

        _rules = RuleSet.Compile(loaded.Snapshot.Rules);
        var text = string.Concat(Enumerable.Repeat("Deploy finished for service api-gateway. ", 96))[..3900];
        _slackBody = JsonSerializer.SerializeToUtf8Bytes(new
        {
            channel = "C0123ENG",
            text,
            unfurl_links = false,
            blocks = new[] { new { type = "section", text = new { type = "mrkdwn", text = "*Deploy*" } } },
        });
        _graphQlBody = JsonSerializer.SerializeToUtf8Bytes(new
        {
            query = Query,
            operationName = "RepositoryIssues",
            variables = new { owner = "acme", name = "app", after = (string?)null },
        });
    }

    /// <summary>Prints the body sizes, so the figures are read against the sizes the issue names.</summary>
    [GlobalSetup]
    public void PrintSizes() => Console.WriteLine($"// body bytes: slack {_slackBody.Length}, graphql {_graphQlBody.Length}");

    [Benchmark]
    public RuleOutcome JsonBodyCondition4KiB() => Judge("slack", "/api/chat.postMessage", _slackBody);

    [Benchmark]
    public RuleOutcome GraphQlParseAndJudge1KiB() => Judge("github", "/graphql", _graphQlBody);

    private RuleOutcome Judge(string provider, string path, byte[] body)
    {
        using var inspected = StrictJsonBody.Read(body, "application/json", default);
        var decision = _rules.Decide(provider, "POST", new RequestFacts(path, string.Empty, Headers, inspected), Scopes, trace: null);
        return decision.Outcome == RuleOutcome.Allowed ? decision.Outcome : throw new InvalidOperationException(decision.Reason);
    }
}
