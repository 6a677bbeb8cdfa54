using System.Text;
using Latchkey.Rules;
using Latchkey.Tests.Rules.Conditions;

namespace Latchkey.Tests.Rules.Batch;

/// <summary>
/// A batch path is recognised as a rule template matches a path (literals ignoring case, one
/// trailing slash ignored), so no spelling the upstream accepts forwards a batch unjudged.
/// </summary>
public sealed class BatchPathSpellingTests
{
    private const string Rules = """
        rules:
          - id: graph.post-anything
            provider: graph
            methods: [POST]
            path: /v1.0/{**rest}
            action: allow
          - id: graph.read
            provider: graph
            methods: [GET]
            path: /v1.0/me/messages/{**rest}
            action: allow
          - id: graph.never-delete
            provider: graph
            methods: [DELETE]
            path: /v1.0/me/messages/{id}
            action: deny
          - id: gmail.post-anything
            provider: mail
            methods: [POST]
            path: /{**rest}
            action: allow
          - id: gmail.never-trash
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/{id}/trash
            action: deny
        """;

    private static readonly Lazy<Latchkey.Config.ConfigLoadResult> Loaded = new(() => ConditionRules.Load(Rules, BatchRules.Providers).Result);

    [Theory]
    [InlineData("/v1.0/$batch")]
    [InlineData("/v1.0/$batch/")]
    [InlineData("/V1.0/$BATCH")]
    [InlineData("/v1.0/$Batch/")]
    public void A_batch_path_in_any_spelling_a_template_would_match_is_judged_per_sub_request(string path)
    {
        var verdict = Judge("graph", path, """{"requests":[{"id":"1","method":"DELETE","url":"/me/messages/A"}]}""", "application/json");

        Assert.Equal(VerdictKind.Denied, verdict.Verdict.Kind);
        Assert.Equal("graph.never-delete", verdict.Verdict.RuleId);
        Assert.Equal(0, verdict.DecidingIndex);
    }

    [Theory]
    [InlineData("/batch/gmail/v1/")]
    [InlineData("/BATCH/gmail/v1")]
    public void A_google_batch_path_in_another_spelling_is_judged_per_sub_request(string path)
    {
        var verdict = Judge("mail", path, BatchRules.Google("POST /gmail/v1/users/me/messages/1/trash"), "multipart/mixed; boundary=" + BatchRules.Boundary);

        Assert.Equal(VerdictKind.Denied, verdict.Verdict.Kind);
        Assert.Equal("gmail.never-trash", verdict.Verdict.RuleId);
    }

    [Theory]
    [InlineData("/$batch/")]
    [InlineData("/$BATCH")]
    [InlineData("/$Batch/")]
    public void A_sub_request_to_the_batch_path_in_another_spelling_is_a_nested_batch(string url)
    {
        var verdict = Judge("graph", "/v1.0/$batch", BatchRules.Graph(("POST", url)), "application/json");

        Assert.Equal(VerdictKind.UnreadableContent, verdict.Verdict.Kind);
        Assert.Contains("another batch", verdict.Verdict.Reason, StringComparison.Ordinal);
    }

    private static Latchkey.Rules.Batch.BatchVerdict Judge(string provider, string path, string body, string contentType)
    {
        var result = Loaded.Value;
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Microsoft.AspNetCore.Http.IHeaderDictionary headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        headers.ContentType = contentType;
        return RequestJudge.Judge(result.Snapshot!.RuleSet, result.Snapshot.Providers, provider, "POST", path, new HashSet<string>(),
            headers, body: null, rawBody: Encoding.UTF8.GetBytes(body), trace: null);
    }
}
