using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Tests.Rules.Conditions;

namespace Latchkey.Tests.Rules.GraphQl;

public sealed class GraphQlGetRequestTests
{
    private const string Providers = """
        providers:
          linear:
            upstream: https://api.linear.app
            graphql: [/graphql]
        """;

    private const string Rules = """
        rules:
          - id: linear.read
            provider: linear
            methods: [GET, POST]
            path: /graphql
            graphql:
              operation: [query]
              fields: [viewer, issues]
            action: allow
          - id: linear.anything-else-read
            provider: linear
            methods: [GET, HEAD, POST]
            path: /{**rest}
            action: allow
          - id: linear.app-query
            provider: linear
            methods: [GET]
            path: /graphql
            graphql:
              persisted: [fffd8655b6f9de5f22ceace73b1579e7221aa4e2c924bc2e68c3ca74f56b5c9e]
            action: allow
        """;

    private const string ListedHash = "fffd8655b6f9de5f22ceace73b1579e7221aa4e2c924bc2e68c3ca74f56b5c9e";
    private const string DeleteMutation = "query=mutation%7BissueDelete(id:%221%22)%7Bsuccess%7D%7D";

    private static readonly Lazy<Latchkey.Config.ConfigLoadResult> Loaded = new(() => ConditionRules.Load(Rules, Providers).Result);

    [Theory]
    [InlineData("?query=%7B%20viewer%20%7B%20id%20%7D%20%7D")]
    [InlineData("?query=query+Q+%7B+issues+%7B+nodes+%7B+id+%7D+%7D+%7D&operationName=Q&variables=%7B%7D")]
    public void A_listed_query_sent_with_get_is_allowed(string query) =>
        Assert.Equal(VerdictKind.Allowed, Judge(query).Kind);

    [Theory]
    [InlineData("?query=mutation%20%7B%20issueDelete(id%3A%221%22)%20%7B%20success%20%7D%20%7D")]
    [InlineData("?query=mutation+M+%7B+issueDelete+%7B+success+%7D+%7D&operationName=M")]
    [InlineData("?query=query+Q+%7B+viewer+%7B+id+%7D+%7D+mutation+M+%7B+issueDelete+%7B+success+%7D+%7D&operationName=M")]
    public void A_mutation_sent_with_get_is_refused_even_where_a_rule_allows_every_get(string query)
    {
        var verdict = Judge(query);

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Kind);
        Assert.Contains("never sent with GET", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?query=%7B%20viewer%20%7B%20id%20%7D%20%7D&query=mutation%20%7B%20issueDelete%20%7B%20success%20%7D%20%7D")]
    [InlineData("?query=%7B%20viewer%20%7B%20id%20%7D%20%7D&Query=mutation%20%7B%20issueDelete%20%7B%20success%20%7D%20%7D")]
    [InlineData("?query=%7B%20viewer%20%7B%20id%20%7D%20%7D&variables=%7Bnot-json")]
    [InlineData("?query=%7B%20viewer%20%7B%20id%20%7D%20%7D&variables=%7B%22a%22%3A1%2C%22a%22%3A2%7D")]
    [InlineData("?query=%7B%20viewer%20%7B%20id&")]
    [InlineData("?extensions=%7B%22persistedQuery%22%3A%7B%22version%22%3A1%2C%22sha256Hash%22%3A%22abc%22%7D%7D")]
    [InlineData("?id=stored-document-1")]
    public void A_graphql_get_that_cannot_be_read_is_refused(string query) =>
        Assert.Equal(VerdictKind.UnreadableContent, Judge(query).Kind);

    [Fact]
    public void An_unlisted_query_falls_to_the_other_rules_as_a_post_would()
    {
        var verdict = Judge("?query=%7B%20teams%20%7B%20id%20%7D%20%7D");

        Assert.Equal(VerdictKind.Allowed, verdict.Kind);
        Assert.Equal("linear.anything-else-read", verdict.RuleId);
    }

    [Fact]
    public void A_get_without_a_document_is_unreadable_where_a_graphql_rule_judges_it() =>
        Assert.Equal(VerdictKind.UnreadableContent, Judge(string.Empty).Kind);

    [Theory]
    [InlineData("GET", "/graphql/?" + DeleteMutation)]
    [InlineData("GET", "/GraphQL?" + DeleteMutation)]
    [InlineData("GET", "/GRAPHQL/?" + DeleteMutation)]
    [InlineData("HEAD", "/graphql?" + DeleteMutation)]
    [InlineData("HEAD", "/graphql/?" + DeleteMutation)]
    public void A_mutation_in_the_url_is_refused_in_every_spelling_of_the_path_and_with_head(string method, string target)
    {
        var verdict = Judge(target, method);

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Kind);
        Assert.Contains("never sent with GET", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/graphql")]
    [InlineData("GET", "/graphql/")]
    [InlineData("HEAD", "/graphql")]
    public void A_persisted_hash_without_its_document_is_refused_unless_a_rule_lists_the_hash(string method, string path)
    {
        var unlisted = Judge(path + "?extensions=" + Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + new string('a', 64) + "\"}}"), method);

        Assert.False(unlisted.PassesRules, unlisted.Reason);
        Assert.Equal(VerdictKind.NoMatchingRule, unlisted.Kind);
    }

    [Fact]
    public void A_persisted_hash_a_rule_lists_is_allowed_by_that_rule_whatever_the_rule_order()
    {
        var listed = Judge("/graphql?extensions=" + Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + ListedHash + "\"}}"));

        Assert.Equal(VerdictKind.Allowed, listed.Kind);
        Assert.Equal("linear.app-query", listed.RuleId);
    }

    [Theory]
    [InlineData("/graphql?operationName=Del")]
    [InlineData("/graphql/?query=mutation%7BissueDelete%7Bsuccess%7D%7D")]
    [InlineData("/GraphQL?variables=%7B%7D")]
    [InlineData("/graphql?extensions=%7B%7D")]
    public void Graphql_parameters_in_the_url_of_a_post_are_refused(string target)
    {
        var body = StrictJsonBody.Read(
            System.Text.Encoding.UTF8.GetBytes("""{"query":"query Q { viewer { id } } mutation Del { issueDelete { success } }","operationName":"Q"}"""),
            "application/json", default);
        var result = Loaded.Value;
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));

        var verdict = RequestJudge.Judge(result.Snapshot!.RuleSet, result.Snapshot.Providers, "linear", "POST", target, new HashSet<string>(),
            headers: null, body: body, trace: null);

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Kind);
        Assert.Contains("in the URL", verdict.Reason, StringComparison.Ordinal);
    }

    private static RequestVerdict Judge(string query, string method = "GET")
    {
        var result = Loaded.Value;
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var target = query.StartsWith('/') ? query : "/graphql" + query;
        return RequestJudge.Judge(result.Snapshot!.RuleSet, result.Snapshot.Providers, "linear", method, target, new HashSet<string>());
    }
}
