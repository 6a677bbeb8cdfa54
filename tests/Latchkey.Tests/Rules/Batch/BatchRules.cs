using System.Text;
using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Rules.Batch;
using Latchkey.Rules.Conditions;
using Latchkey.Tests.Rules.Conditions;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Rules.Batch;

/// <summary>The batch worked examples of docs/rules-conditions.md (Graph, Gmail, Salesforce), loaded as the proxy loads them, and batches to judge.</summary>
internal static class BatchRules
{
    public const string Providers = """
        providers:
          graph:
            upstream: https://graph.microsoft.com
            agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}
            batch:
              /v1.0/$batch: microsoft_graph
              /beta/$batch: microsoft_graph
          mail:
            upstream: https://gmail.googleapis.com
            batch:
              /batch/{api}/{version}: google_multipart
          sf:
            upstream: https://example.my.salesforce.com
            batch:
              /services/data/{version}/composite: salesforce_composite
              /services/data/{version}/composite/batch: salesforce_composite_batch
              /services/data/{version}/composite/graph: unsplittable
          linear:
            upstream: https://api.linear.app
            graphql: [/graphql]
        """;

    public const string Examples = """
        rules:
          - id: graph.mail.read
            provider: graph
            methods: [GET]
            path: /v1.0/me/messages/{**rest}
            action: allow
          - id: graph.mail.list
            provider: graph
            methods: [GET]
            path: /v1.0/me/messages
            action: allow
          - id: graph.beta.read
            provider: graph
            methods: [GET]
            path: /beta/me/messages
            action: allow
          - id: graph.mail.draft-short
            provider: graph
            methods: [POST]
            path: /v1.0/me/messages
            when:
              - body: /subject
                max_length: 20
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
          - id: graph.agent-read
            provider: graph
            methods: [GET]
            path: /v1.0/users
            credential: agent
            action: allow
          - id: gmail.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages/{id}
            action: allow
          - id: gmail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            action: approve
          - id: gmail.never-trash
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/{id}/trash
            action: deny
          - id: sf.account.read
            provider: sf
            methods: [GET]
            path: /services/data/{version}/sobjects/Account/{id}
            action: allow
          - id: sf.account.create
            provider: sf
            methods: [POST]
            path: /services/data/{version}/sobjects/Account
            action: approve
          - id: sf.account.never-delete
            provider: sf
            methods: [DELETE]
            path: /services/data/{version}/sobjects/Account/{id}
            action: deny
          - id: sf.graph.whole
            provider: sf
            methods: [POST]
            path: /services/data/{version}/composite/graph
            scopes: [sf.graph]
            batch: whole
            action: allow
          - id: linear.read
            provider: linear
            methods: [GET, POST]
            path: /graphql
            graphql:
              operation: [query]
            action: allow
        """;

    public const string GraphBatch = "/v1.0/$batch";
    public const string GoogleBatch = "/batch/gmail/v1";
    public const string Composite = "/services/data/v60.0/composite";
    public const string CompositeBatch = "/services/data/v60.0/composite/batch";
    public const string Boundary = "batch_b1";

    private static readonly Lazy<ConfigLoadResult> Loaded = new(() =>
    {
        var (result, _) = ConditionRules.Load(Examples, Providers);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result;
    });

    public static ConfigSnapshot Snapshot => Loaded.Value.Snapshot!;

    public static BatchVerdict Judge(string provider, string path, string body, string? contentType = null, IReadOnlySet<string>? scopes = null) =>
        Judge(provider, path, Encoding.UTF8.GetBytes(body), contentType, scopes);

    public static BatchVerdict Judge(string provider, string path, byte[] body, string? contentType = null, IReadOnlySet<string>? scopes = null)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        headers.ContentType = contentType ?? (provider == "mail" ? "multipart/mixed; boundary=" + Boundary : "application/json");
        var snapshot = Snapshot;
        return RequestJudge.OfRequest(snapshot.RuleSet, snapshot.Providers[provider], "POST", new RequestFacts(path, string.Empty, headers, null), body,
            scopes ?? new HashSet<string>(), trace: null);
    }

    /// <summary>A Graph batch of (method, url) sub-requests, ids 1, 2, ...</summary>
    public static string Graph(params (string Method, string Url)[] requests) =>
        "{\"requests\":[" + string.Join(",", requests.Select((r, i) => $"{{\"id\":\"{i + 1}\",\"method\":\"{r.Method}\",\"url\":\"{r.Url}\"}}")) + "]}";

    /// <summary>A Salesforce composite of (method, url) sub-requests, referenceIds r1, r2, ...</summary>
    public static string SalesforceComposite(params (string Method, string Url)[] requests) =>
        "{\"compositeRequest\":[" + string.Join(",", requests.Select((r, i) => $"{{\"method\":\"{r.Method}\",\"url\":\"{r.Url}\",\"referenceId\":\"r{i + 1}\"}}")) + "]}";

    /// <summary>A Google multipart batch of raw inner requests, CRLF line ends.</summary>
    public static string Google(params string[] requests) =>
        string.Concat(requests.Select((r, i) => $"--{Boundary}\r\nContent-Type: application/http\r\nContent-ID: <item{i + 1}>\r\n\r\n{r}\r\n")) + $"--{Boundary}--\r\n";
}
