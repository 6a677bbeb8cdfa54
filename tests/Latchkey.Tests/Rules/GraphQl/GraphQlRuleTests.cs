using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Rules.GraphQl;

namespace Latchkey.Tests.Rules.GraphQl;

public sealed class GraphQlRuleTests
{
    private static readonly RuleSet Set = GraphQlRules.Compile(GraphQlRules.Examples);
    private static readonly HashSet<string> NoScopes = [];

    public static TheoryData<string, string, string, RuleOutcome, string?> Decisions { get; } = new()
    {
        // GitHub: listed queries are allowed, createIssue waits for a human, the dangerous mutations are denied.
        { "listed query", "github", GraphQlRules.Body("query { viewer { login } repository(owner:\"a\", name:\"b\") { id } }"), RuleOutcome.Allowed, "gh.graphql.read" },
        { "shorthand query", "github", GraphQlRules.Body("{ viewer { login } }"), RuleOutcome.Allowed, "gh.graphql.read" },
        { "query with __typename", "github", GraphQlRules.Body("{ __typename viewer { login } }"), RuleOutcome.Allowed, "gh.graphql.read" },
        { "aliased listed query", "github", GraphQlRules.Body("{ me: viewer { login } }"), RuleOutcome.Allowed, "gh.graphql.read" },
        { "unlisted query field", "github", GraphQlRules.Body("{ enterprise(slug:\"x\") { id } }"), RuleOutcome.NoMatchingRule, null },
        { "introspection not listed", "github", GraphQlRules.Body("{ __schema { types { name } } }"), RuleOutcome.NoMatchingRule, null },
        { "braces inside a string", "github", GraphQlRules.Body("{ search(query: \"} mutation { deleteRepository\", type: ISSUE, first: 1) { issueCount } }"), RuleOutcome.Allowed, "gh.graphql.read" },
        { "named operation chosen", "github", GraphQlRules.Body("query A { viewer { login } } mutation B { deleteRepository(input:{}) { clientMutationId } }", "A"), RuleOutcome.Allowed, "gh.graphql.read" },
        { "other operation chosen", "github", GraphQlRules.Body("query A { viewer { login } } mutation B { deleteRepository(input:{}) { clientMutationId } }", "B"), RuleOutcome.Denied, "gh.graphql.never" },
        { "createIssue", "github", GraphQlRules.Body("mutation { createIssue(input:{}) { issue { id } } }"), RuleOutcome.ApprovalRequired, "gh.graphql.create-issue" },
        { "createIssue and addComment", "github", GraphQlRules.Body("mutation { createIssue(input:{}) { issue { id } } addComment(input:{}) { clientMutationId } }"), RuleOutcome.ApprovalRequired, "gh.graphql.create-issue" },
        { "createIssue with an unlisted mutation", "github", GraphQlRules.Body("mutation { createIssue(input:{}) { issue { id } } addStar(input:{}) { clientMutationId } }"), RuleOutcome.NoMatchingRule, null },
        { "deleteRepository", "github", GraphQlRules.Body("mutation { deleteRepository(input:{}) { clientMutationId } }"), RuleOutcome.Denied, "gh.graphql.never" },
        { "createIssue beside deleteRepository", "github", GraphQlRules.Body("mutation { createIssue(input:{}) { issue { id } } deleteRepository(input:{}) { clientMutationId } }"), RuleOutcome.Denied, "gh.graphql.never" },
        { "subscription", "github", GraphQlRules.Body("subscription { viewer { login } }"), RuleOutcome.NoMatchingRule, null },
        { "query field in a mutation", "github", GraphQlRules.Body("mutation { viewer { login } }"), RuleOutcome.NoMatchingRule, null },

        // Linear: every query, approval for IssueCreate by name and field, one persisted query by hash.
        { "linear query", "linear", GraphQlRules.Body("query Issues { issues(first: 5) { nodes { id } } }"), RuleOutcome.Allowed, "linear.read" },
        { "linear IssueCreate", "linear", GraphQlRules.Body("mutation IssueCreate($i: IssueCreateInput!) { issueCreate(input: $i) { success } }"), RuleOutcome.ApprovalRequired, "linear.create-issue" },
        { "linear issueCreate unnamed", "linear", GraphQlRules.Body("mutation { issueCreate(input: {}) { success } }"), RuleOutcome.NoMatchingRule, null },
        { "linear IssueCreate naming another field", "linear", GraphQlRules.Body("mutation IssueCreate { issueDelete(id: \"x\") { success } }"), RuleOutcome.NoMatchingRule, null },
        { "linear persisted allowed", "linear", """{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"HASH"}}}""".Replace("HASH", GraphQlRules.PersistedHash, StringComparison.Ordinal), RuleOutcome.Allowed, "linear.app-queries" },
        { "linear persisted with its document", "linear", """{"query":"query Me { viewer { id name } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"HASH"}}}""".Replace("HASH", GraphQlRules.PersistedHash, StringComparison.Ordinal), RuleOutcome.Allowed, "linear.read" },
        { "linear persisted unknown", "linear", """{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000000"}}}""", RuleOutcome.NoMatchingRule, null },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Rules_judge_the_operation_type_name_and_top_level_fields(string name, string provider, string body, RuleOutcome expected, string? rule)
    {
        var decision = Set.Decide(provider, "POST", GraphQlRules.Facts(body), NoScopes, trace: null);

        Assert.True(expected == decision.Outcome, $"{name}: {decision.Outcome} ({decision.Reason})");
        Assert.Equal(rule, decision.Rule?.Id);
    }

    [Fact]
    public void The_persisted_hash_of_the_examples_is_the_documents()
    {
        Assert.Equal(GraphQlRules.PersistedHash, GraphQlRequestReader.Sha256Hex(GraphQlRules.PersistedDocument));
    }

    [Fact]
    public void Graphql_rules_read_the_body_only_on_their_path()
    {
        Assert.True(Set.ReadsBody("github", "POST", "/graphql"));
        Assert.False(Set.ReadsBody("github", "POST", "/graphql/other"));
        Assert.False(Set.ReadsBody("github", "GET", "/graphql"));
    }

    [Fact]
    public void Explain_names_the_graphql_condition_and_the_operation_seen()
    {
        var trace = new ConditionTrace();

        Set.Decide("github", "POST", GraphQlRules.Facts(GraphQlRules.Body("mutation Hide { viewer: addStar(input:{}) { clientMutationId } }")), NoScopes, trace);

        var failure = Assert.Single(trace.Failures, f => f.Rule == "gh.graphql.create-issue");
        Assert.Equal("graphql operation [mutation]; fields [createIssue, addComment]", failure.Condition);
        Assert.Equal("failed", failure.Outcome);
        Assert.Equal("mutation Hide { addStar }", failure.Value);
    }

    [Fact]
    public void Listing_the_rules_describes_the_graphql_condition()
    {
        var rule = Set.Rules.Single(r => r.Id == "gh.graphql.never");

        Assert.Equal(["graphql any_field [deleteRepository, transferRepository, updateRepository, deleteIssue]"], rule.Conditions!.Describe());
    }
}
