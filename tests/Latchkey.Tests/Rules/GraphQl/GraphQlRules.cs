using System.Text;
using System.Text.Json;
using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Tests.Rules.Conditions;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Rules.GraphQl;

/// <summary>The GraphQL worked examples of docs/rules-conditions.md, loaded as the proxy loads them, and GraphQL bodies to judge.</summary>
internal static class GraphQlRules
{
    public const string Providers = """
        providers:
          github:
            upstream: https://api.github.com
            graphql: [/graphql]
          linear:
            upstream: https://api.linear.app
            graphql: [/graphql]
          slack:
            upstream: https://slack.com
        """;

    /// <summary>The hash a persisted-query rule of the examples allows: the SHA-256 of <see cref="PersistedDocument"/>.</summary>
    public const string PersistedHash = "fffd8655b6f9de5f22ceace73b1579e7221aa4e2c924bc2e68c3ca74f56b5c9e";

    public const string PersistedDocument = "query Me { viewer { id name } }";

    /// <summary>docs/rules-conditions.md, "GraphQL": GitHub and Linear.</summary>
    public static readonly string Examples = """
        rules:
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
          - id: linear.read
            provider: linear
            methods: [POST]
            path: /graphql
            graphql:
              operation: [query]
            action: allow
          - id: linear.create-issue
            provider: linear
            methods: [POST]
            path: /graphql
            graphql:
              operation: [mutation]
              name: [IssueCreate]
              fields: [issueCreate]
            action: approve
          - id: linear.app-queries
            provider: linear
            methods: [POST]
            path: /graphql
            graphql:
              persisted: [HASH]
            action: allow
        """.Replace("HASH", PersistedHash, StringComparison.Ordinal);

    public static (ConfigLoadResult Result, RuleSet? Rules) Load(string rules) => ConditionRules.Load(rules, Providers);

    public static RuleSet Compile(string rules) => ConditionRules.Compile(rules, Providers);

    /// <summary>A GraphQL-over-HTTP body: the document, and the operation name when given.</summary>
    public static string Body(string document, string? operationName = null) =>
        JsonSerializer.Serialize(operationName is null ? new { query = document } : (object)new { query = document, operationName });

    public static RequestFacts Facts(byte[] body, string contentType = "application/json") =>
        new("/graphql", string.Empty, new HeaderDictionary(), StrictJsonBody.Read(body, contentType, default));

    public static RequestFacts Facts(string body) => Facts(Encoding.UTF8.GetBytes(body));
}
