using System.Text;
using Latchkey.Rules;
using Latchkey.Tests.Rules.Conditions;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Rules.Batch;

/// <summary>Google applies a batch's outer headers (but Content-*) to every part, so each part is judged with them.</summary>
public sealed class GoogleBatchHeaderTests
{
    private const string Rules = """
        rules:
          - id: gmail.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages/{id}
            action: allow
          - id: gmail.no-other-user
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages/{id}
            when:
              - header: X-Goog-User-Project
                exists: true
            action: deny
          - id: gmail.batch
            provider: mail
            methods: [POST]
            path: /batch/{api}/{version}
            action: allow
        """;

    private static readonly Lazy<Latchkey.Config.ConfigLoadResult> Loaded = new(() => ConditionRules.Load(Rules, BatchRules.Providers).Result);

    [Fact]
    public void A_header_on_the_outer_request_is_judged_on_every_part()
    {
        var verdict = Judge(("X-Goog-User-Project", "other"));

        Assert.Equal(VerdictKind.Denied, verdict.Verdict.Kind);
        Assert.Equal("gmail.no-other-user", verdict.Verdict.RuleId);
    }

    [Fact]
    public void Outer_content_headers_are_not_inherited_and_a_plain_batch_is_allowed()
    {
        Assert.Equal(VerdictKind.Allowed, Judge(("Content-Language", "en")).Verdict.Kind);
        Assert.Equal(VerdictKind.Allowed, Judge().Verdict.Kind);
    }

    [Fact]
    public void A_steering_header_on_the_outer_request_of_a_part_is_refused() =>
        Assert.Equal(VerdictKind.AmbiguousPath, Judge(("X_HTTP_Method_Override", "DELETE")).Verdict.Kind);

    private static Latchkey.Rules.Batch.BatchVerdict Judge(params (string Name, string Value)[] outer)
    {
        var result = Loaded.Value;
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        IHeaderDictionary headers = new HeaderDictionary();
        headers.ContentType = "multipart/mixed; boundary=" + BatchRules.Boundary;
        foreach (var (name, value) in outer)
        {
            headers[name] = value;
        }

        var body = Encoding.UTF8.GetBytes(BatchRules.Google("GET /gmail/v1/users/me/messages/1"));
        return RequestJudge.OfRequest(result.Snapshot!.RuleSet, result.Snapshot.Providers["mail"], "POST",
            new Latchkey.Rules.Conditions.RequestFacts(BatchRules.GoogleBatch, string.Empty, headers, null), body, new HashSet<string>(), trace: null);
    }
}
