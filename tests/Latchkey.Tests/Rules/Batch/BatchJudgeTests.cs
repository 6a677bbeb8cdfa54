using Latchkey.Rules;
using static Latchkey.Tests.Rules.Batch.BatchRules;

namespace Latchkey.Tests.Rules.Batch;

public sealed class BatchJudgeTests
{
    [Fact]
    public void A_graph_batch_of_allowed_reads_is_allowed()
    {
        var verdict = Judge("graph", GraphBatch, Graph(("GET", "/me/messages?$top=5"), ("GET", "me/messages/AAMk1")));

        Assert.Equal(VerdictKind.Allowed, verdict.Verdict.Kind);
        Assert.Equal(2, verdict.SubRequests);
    }

    [Fact]
    public void A_denied_sub_request_refuses_the_whole_batch_and_is_named()
    {
        var verdict = Judge("graph", GraphBatch, Graph(("GET", "/me/messages"), ("POST", "/me/sendMail"), ("DELETE", "/me/messages/AAMk1")));

        Assert.Equal(VerdictKind.Denied, verdict.Verdict.Kind);
        Assert.Equal("graph.mail.never-delete", verdict.Verdict.RuleId);
        Assert.Equal(2, verdict.DecidingIndex);
        Assert.Equal("Sub-request 2 (id '3') of the batch: A rule denies this route.", verdict.Message);
    }

    [Fact]
    public void A_sub_request_no_rule_allows_refuses_the_batch()
    {
        var verdict = Judge("graph", GraphBatch, Graph(("GET", "/me/messages"), ("GET", "/me/contacts")));

        Assert.Equal(VerdictKind.NoMatchingRule, verdict.Verdict.Kind);
        Assert.Equal(1, verdict.DecidingIndex);
    }

    [Fact]
    public void A_sub_request_needing_approval_holds_the_whole_batch()
    {
        var verdict = Judge("graph", GraphBatch, Graph(("GET", "/me/messages"), ("POST", "/me/sendMail")));

        Assert.Equal(VerdictKind.ApprovalRequired, verdict.Verdict.Kind);
        Assert.Equal("graph.mail.send", verdict.Verdict.RuleId);
        Assert.Equal(1, verdict.DecidingIndex);
    }

    [Fact]
    public void Beta_batch_urls_are_judged_under_beta()
    {
        Assert.Equal(VerdictKind.Allowed, Judge("graph", "/beta/$batch", Graph(("GET", "/me/messages"))).Verdict.Kind);
        Assert.Equal(VerdictKind.NoMatchingRule, Judge("graph", "/beta/$batch", Graph(("GET", "/me/messages/AAMk1"))).Verdict.Kind);
    }

    [Theory]
    [InlineData("/me/messages/..%2F..%2Fadmin")]
    [InlineData("/me/messages/%2e%2e/%2e%2e/users")]
    [InlineData("/me/messages/%252e%252e/x")]
    [InlineData("/me/messages/a%00b")]
    [InlineData("/me/messages/../../users")]
    public void A_sub_request_with_an_ambiguous_path_refuses_the_batch(string url)
    {
        var verdict = Judge("graph", GraphBatch, Graph(("GET", "/me/messages"), ("GET", url)));

        Assert.Equal(VerdictKind.AmbiguousPath, verdict.Verdict.Kind);
        Assert.Equal(1, verdict.DecidingIndex);
    }

    [Fact]
    public void Sub_request_body_conditions_are_judged_on_the_sub_request_body()
    {
        static string Draft(string subject) =>
            "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/me/messages\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"subject\":\"" + subject + "\"}}]}";

        Assert.Equal(VerdictKind.Allowed, Judge("graph", GraphBatch, Draft("short")).Verdict.Kind);
        Assert.Equal(VerdictKind.NoMatchingRule, Judge("graph", GraphBatch, Draft(new string('x', 40))).Verdict.Kind);
        Assert.Equal(VerdictKind.UnreadableContent,
            Judge("graph", GraphBatch, """{"requests":[{"id":"1","method":"POST","url":"/me/messages"}]}""").Verdict.Kind);
    }

    [Fact]
    public void Sub_requests_allowed_with_different_credentials_refuse_the_batch()
    {
        var verdict = Judge("graph", GraphBatch, Graph(("GET", "/me/messages"), ("GET", "/users")));

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Verdict.Kind);
        Assert.Contains("different credentials", verdict.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nested_batch_is_refused()
    {
        var verdict = Judge("graph", GraphBatch, Graph(("POST", "/$batch")));

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Verdict.Kind);
        Assert.Contains("another batch", verdict.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Salesforce_composite_and_composite_batch_are_judged_per_sub_request()
    {
        Assert.Equal(VerdictKind.Allowed,
            Judge("sf", Composite, SalesforceComposite(("GET", "/services/data/v60.0/sobjects/Account/001A"))).Verdict.Kind);
        Assert.Equal(VerdictKind.ApprovalRequired,
            Judge("sf", Composite, SalesforceComposite(("GET", "/services/data/v60.0/sobjects/Account/001A"), ("POST", "/services/data/v60.0/sobjects/Account"))).Verdict.Kind);
        Assert.Equal(VerdictKind.Denied,
            Judge("sf", CompositeBatch, """{"batchRequests":[{"method":"GET","url":"v60.0/sobjects/Account/001A"},{"method":"DELETE","url":"v60.0/sobjects/Account/001A"}]}""").Verdict.Kind);
    }

    [Fact]
    public void A_salesforce_reference_in_a_url_refuses_the_batch_as_the_canonicaliser_refuses_braces()
    {
        var verdict = Judge("sf", Composite, SalesforceComposite(("POST", "/services/data/v60.0/sobjects/Account"), ("GET", "/services/data/v60.0/sobjects/Account/@{r1.id}")));

        Assert.Equal(VerdictKind.AmbiguousPath, verdict.Verdict.Kind);
        Assert.Equal(1, verdict.DecidingIndex);
    }

    [Fact]
    public void Google_multipart_parts_are_judged_per_sub_request()
    {
        Assert.Equal(VerdictKind.Allowed, Judge("mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1", "GET /gmail/v1/users/me/messages/2")).Verdict.Kind);
        var denied = Judge("mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1", "POST /gmail/v1/users/me/messages/1/trash HTTP/1.1"));
        Assert.Equal(VerdictKind.Denied, denied.Verdict.Kind);
        Assert.Equal("Sub-request 1 (id 'item2') of the batch: A rule denies this route.", denied.Message);
    }

    [Fact]
    public void An_unsplittable_batch_path_is_refused_unless_a_whole_batch_rule_allows_it()
    {
        const string Path = "/services/data/v60.0/composite/graph";
        const string Body = """{"graphs":[]}""";

        Assert.Equal(VerdictKind.InsufficientScope, Judge("sf", Path, Body).Verdict.Kind);
        Assert.Equal(VerdictKind.Allowed, Judge("sf", Path, Body, scopes: new HashSet<string> { "sf.graph" }).Verdict.Kind);
    }

    [Fact]
    public void A_graphql_get_sub_request_carrying_a_mutation_is_refused()
    {
        var snapshot = Snapshot;
        var verdict = RequestJudge.Judge(snapshot.RuleSet, snapshot.Providers, "linear", "GET", "/graphql?query=mutation%20%7B%20issueDelete%20%7D", new HashSet<string>());

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Kind);
        Assert.Contains("mutation is never sent with GET", verdict.Reason, StringComparison.Ordinal);
    }
}
