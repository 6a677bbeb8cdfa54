namespace Latchkey.Tests.Rules.GraphQl;

public sealed class GraphQlRuleParserTests
{
    public static TheoryData<string, string> Invalid { get; } = new()
    {
        { "path: /api/graphql\n    graphql:\n      operation: [query]", "rules.yaml:6: rules[0].graphql: provider 'github' does not mark '/api/graphql' as a GraphQL path" },
        { "path: /graphql\n    graphql:\n      operation: [read]", "rules.yaml:7: rules[0].graphql.operation[0]: 'read' is not valid: use query, mutation or subscription" },
        { "path: /graphql\n    graphql:\n      fields: [create-issue]", "rules.yaml:7: rules[0].graphql.fields[0]: 'create-issue' is not valid" },
        { "path: /graphql\n    graphql:\n      fields: []", "rules.yaml:7: rules[0].graphql.fields: must list 1 to 256 values" },
        { "path: /graphql\n    graphql: {}", "rules.yaml:6: rules[0].graphql: names nothing to judge" },
        { "path: /graphql\n    graphql:\n      persisted: [abc]", "rules.yaml:7: rules[0].graphql.persisted[0]: 'abc' is not valid: a SHA-256 hash" },
        { "path: /graphql\n    graphql:\n      persisted: [" + new string('a', 64) + "]\n      operation: [query]", "rules.yaml:6: rules[0].graphql: 'persisted' allows stored documents by hash and cannot be combined with operation" },
        { "path: /graphql\n    graphql:\n      operations: [query]", "rules.yaml:7: rules[0].graphql.operations: unknown key" },
        { "path: /graphql\n    graphql: [query]", "rules.yaml:6: rules[0].graphql: must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_graphql_keys_are_load_errors_with_file_and_line(string tail, string expected)
    {
        var (result, _) = GraphQlRules.Load(Rule("[POST]", tail));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_graphql_rule_must_be_a_post_or_get_rule()
    {
        var (result, _) = GraphQlRules.Load(Rule("[PUT, POST]", "path: /graphql\n    graphql:\n      operation: [query]"));

        Assert.Contains(result.Errors, e => e.ToString().Contains("rules.yaml:4: rules[0].methods: a rule with 'graphql' judges the JSON body of a POST or the query string of a GET", StringComparison.Ordinal));
    }

    [Fact]
    public void A_graphql_rule_may_judge_get_requests()
    {
        var (result, _) = GraphQlRules.Load(Rule("[GET, POST]", "path: /graphql\n    graphql:\n      operation: [query]"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void A_provider_without_graphql_paths_cannot_have_graphql_rules()
    {
        var (result, _) = GraphQlRules.Load(Rule("[POST]", "path: /graphql\n    graphql:\n      operation: [query]").Replace("github", "slack", StringComparison.Ordinal));

        Assert.Contains(result.Errors, e => e.ToString().Contains("provider 'slack' does not mark '/graphql' as a GraphQL path", StringComparison.Ordinal));
    }

    private static string Rule(string methods, string tail) => $"""
        rules:
          - id: r
            provider: github
            methods: {methods}
            {tail}
            action: allow
        """;
}
