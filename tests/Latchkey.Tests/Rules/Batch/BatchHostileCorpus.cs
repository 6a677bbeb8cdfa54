using Latchkey.Rules;
using static Latchkey.Tests.Rules.Batch.BatchRules;

namespace Latchkey.Tests.Rules.Batch;

/// <summary>
/// Batches an agent may send to get a sub-request past <see cref="BatchRules.Examples"/>: encoded
/// and dot-segment paths hidden in a sub-request, nested batches, duplicate keys, boundary tricks,
/// CRLF injected into a part, too many sub-requests, and refused sub-requests hidden among allowed
/// ones. None may come out allowed or held; each row says what it must come out as. Add a row for each new trick.
/// </summary>
public static class BatchHostileCorpus
{
    /// <summary>Ways to reach something no rule allows from an allowed prefix.</summary>
    private static readonly string[] EncodedTails =
    [
        "..%2F..%2Fadmin", "%2e%2e/%2e%2e/users", "%2E%2E%2Fusers", "..%5C..%5Cusers", "%252e%252e/users", "a%2fb",
        "..;/users", "%c0%ae%c0%ae/users", "a%00b", "%u002e%u002e/users",
    ];

    public static TheoryData<string, string, string, string, string?, VerdictKind[]> Rows { get; } = Build();

    private static TheoryData<string, string, string, string, string?, VerdictKind[]> Build()
    {
        VerdictKind[] ambiguous = [VerdictKind.AmbiguousPath, VerdictKind.NoMatchingRule];
        VerdictKind[] unreadable = [VerdictKind.UnreadableContent];
        var rows = new TheoryData<string, string, string, string, string?, VerdictKind[]>();
        void Add(string name, string provider, string path, string body, VerdictKind[] expected, string? contentType = null) =>
            rows.Add(name, provider, path, body, contentType, expected);

        foreach (var tail in EncodedTails)
        {
            Add($"graph encoded {tail}", "graph", GraphBatch, Graph(("GET", "/me/messages"), ("GET", "/me/messages/" + tail)), ambiguous);
            Add($"salesforce encoded {tail}", "sf", Composite, SalesforceComposite(("GET", "/services/data/v60.0/sobjects/Account/" + tail)), ambiguous);
            Add($"google encoded {tail}", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/" + tail), ambiguous);
        }

        Add("graph nested $batch", "graph", GraphBatch, Graph(("GET", "/me/messages"), ("POST", "/$batch")), unreadable);
        Add("graph nested beta $batch", "graph", GraphBatch, Graph(("POST", "/../beta/$batch")), [VerdictKind.AmbiguousPath, VerdictKind.UnreadableContent]);
        Add("salesforce nested composite", "sf", Composite, SalesforceComposite(("POST", "/services/data/v60.0/composite")), unreadable);
        Add("salesforce nested composite batch", "sf", CompositeBatch, """{"batchRequests":[{"method":"POST","url":"v60.0/composite/batch"}]}""", unreadable);
        Add("google nested batch", "mail", GoogleBatch, Google("POST /batch/gmail/v1 HTTP/1.1"), unreadable);
        Add("graph duplicate url", "graph", GraphBatch, """{"requests":[{"id":"1","method":"DELETE","url":"/me/messages","url":"/me/messages/A"}]}""", unreadable);
        Add("graph duplicate method by case", "graph", GraphBatch, """{"requests":[{"id":"1","method":"GET","Method":"DELETE","url":"/me/messages/A"}]}""", unreadable);
        Add("graph duplicate requests", "graph", GraphBatch, """{"requests":[{"id":"1","method":"GET","url":"/me/messages"}],"requests":[{"id":"1","method":"DELETE","url":"/me/messages/A"}]}""", unreadable);
        Add("salesforce duplicate compositeRequest", "sf", Composite, """{"compositeRequest":[],"CompositeRequest":[{"method":"DELETE","url":"/services/data/v60.0/sobjects/Account/1","referenceId":"r"}]}""", unreadable);
        Add("graph deny hidden last", "graph", GraphBatch, Graph(("GET", "/me/messages"), ("GET", "/me/messages/A"), ("DELETE", "/me/messages/A")), [VerdictKind.Denied]);
        Add("graph deny after approve", "graph", GraphBatch, Graph(("POST", "/me/sendMail"), ("DELETE", "/me/messages/A")), [VerdictKind.Denied]);
        Add("graph unknown route", "graph", GraphBatch, Graph(("GET", "/me/messages"), ("GET", "/users/admin@x/messages")), [VerdictKind.NoMatchingRule]);
        Add("graph batch path with a trailing slash", "graph", GraphBatch + "/", Graph(("DELETE", "/me/messages/A")), [VerdictKind.Denied]);
        Add("graph batch path in upper case", "graph", "/V1.0/$BATCH", Graph(("DELETE", "/me/messages/A")), [VerdictKind.Denied]);
        Add("google batch path with a trailing slash", "mail", GoogleBatch + "/", Google("POST /gmail/v1/users/me/messages/1/trash"), [VerdictKind.Denied]);
        Add("graph nested $batch/", "graph", GraphBatch, Graph(("POST", "/$batch/")), unreadable);
        Add("graph nested $BATCH", "graph", GraphBatch, Graph(("POST", "/$BATCH")), unreadable);
        Add("google nested batch in upper case", "mail", GoogleBatch, Google("POST /BATCH/gmail/v1/ HTTP/1.1"), unreadable);
        VerdictKind[] steering = [VerdictKind.AmbiguousPath];
        Add("graph X-HTTP-Method header", "graph", GraphBatch, """{"requests":[{"id":"1","method":"GET","url":"/me/messages/A","headers":{"X-HTTP-Method":"DELETE"}}]}""", steering);
        Add("graph X_HTTP_Method_Override header", "graph", GraphBatch, """{"requests":[{"id":"1","method":"GET","url":"/me/messages/A","headers":{"X_HTTP_Method_Override":"DELETE"}}]}""", steering);
        Add("google X-HTTP-Method-Override header", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1\r\nX-HTTP-Method-Override: DELETE"), steering);
        Add("google X-Original-URL header", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1\r\nX-Original-URL: /gmail/v1/users/me/messages/1/trash"), steering);
        Add("salesforce X-HTTP-Method-Override header", "sf", Composite, """{"compositeRequest":[{"method":"GET","url":"/services/data/v60.0/sobjects/Account/001A","referenceId":"r1","httpHeaders":{"X-HTTP-Method-Override":"DELETE"}}]}""", steering);
        Add("graph TRACE", "graph", GraphBatch, Graph(("TRACE", "/me/messages")), [VerdictKind.MethodNotAllowed]);
        Add("graph lower-case delete", "graph", GraphBatch, Graph(("delete", "/me/messages/A")), [VerdictKind.MethodNotAllowed]);
        Add("graph absolute url", "graph", GraphBatch, Graph(("GET", "https://graph.microsoft.com/v1.0/users")), unreadable);
        Add("graph scheme-relative url", "graph", GraphBatch, Graph(("GET", "//evil.example/v1.0/me/messages")), unreadable);
        Add("graph url with fragment", "graph", GraphBatch, Graph(("GET", "/me/messages#/../users")), unreadable);
        Add("graph CRLF in url", "graph", GraphBatch, """{"requests":[{"id":"1","method":"GET","url":"/me/messages\r\nDELETE /v1.0/me/messages/A"}]}""", unreadable);
        Add("graph CRLF in header", "graph", GraphBatch, """{"requests":[{"id":"1","method":"GET","url":"/me/messages","headers":{"X":"a\r\nX-HTTP-Method-Override: DELETE"}}]}""", unreadable);
        Add("graph too many", "graph", GraphBatch, Graph([.. Enumerable.Repeat(("GET", "/me/messages"), 101)]), unreadable);
        Add("graph array root", "graph", GraphBatch, "[" + Graph(("DELETE", "/me/messages/A")) + "]", unreadable);
        Add("graph BOM", "graph", GraphBatch, "\uFEFF" + Graph(("DELETE", "/me/messages/A")), unreadable);
        Add("graph empty body", "graph", GraphBatch, string.Empty, unreadable);
        Add("graph trailing document", "graph", GraphBatch, Graph(("GET", "/me/messages")) + Graph(("DELETE", "/me/messages/A")), unreadable);
        Add("salesforce reference-smuggled path", "sf", Composite, SalesforceComposite(("GET", "/services/data/v60.0/sobjects/Account/@{a.id}/../../../../sobjects/User")), ambiguous);
        Add("salesforce deny in batch", "sf", CompositeBatch, """{"batchRequests":[{"method":"GET","url":"v60.0/sobjects/Account/1"},{"method":"DELETE","url":"v60.0/sobjects/Account/1"}]}""", [VerdictKind.Denied]);
        Add("salesforce unknown member", "sf", Composite, """{"compositeRequest":[{"method":"GET","url":"/services/data/v60.0/sobjects/Account/1","referenceId":"r","target":"/x"}]}""", unreadable);
        Add("salesforce graph without whole rule scope", "sf", "/services/data/v60.0/composite/graph", """{"graphs":[]}""", [VerdictKind.InsufficientScope]);
        Add("google trash hidden", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1", "POST /gmail/v1/users/me/messages/1/trash HTTP/1.1"), [VerdictKind.Denied]);
        Add("google boundary in target", "mail", GoogleBatch, Google($"GET /gmail/v1/users/me/messages/1?q=--{Boundary}--"), unreadable);
        Add("google boundary mid-line", "mail", GoogleBatch, Google($"GET /gmail/v1/users/me/messages/1\r\nX: --{Boundary}"), unreadable);
        Add("google second boundary in content type", "mail", GoogleBatch, Google("POST /gmail/v1/users/me/messages/1/trash"), unreadable, $"multipart/mixed; boundary={Boundary}; boundary=other");
        Add("google LF only", "mail", GoogleBatch, Google("POST /gmail/v1/users/me/messages/1/trash").Replace("\r\n", "\n", StringComparison.Ordinal), unreadable);
        Add("google CRLF smuggled request", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1\r\nX: a\nPOST /gmail/v1/users/me/messages/1/trash HTTP/1.1"), unreadable);
        Add("google part header injection", "mail", GoogleBatch, $"--{Boundary}\r\nContent-Type: application/http\r\nContent-ID: <1>\rX: y\r\n\r\nGET /gmail/v1/users/me/messages/1\r\n--{Boundary}--", unreadable);
        Add("google preamble request", "mail", GoogleBatch, "POST /gmail/v1/users/me/messages/1/trash\r\n" + Google("GET /gmail/v1/users/me/messages/1"), unreadable);
        Add("google epilogue request", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1") + "POST /gmail/v1/users/me/messages/1/trash\r\n", unreadable);
        Add("google too many", "mail", GoogleBatch, Google([.. Enumerable.Repeat("GET /gmail/v1/users/me/messages/1", 101)]), unreadable);
        Add("google absolute target", "mail", GoogleBatch, Google("GET https://evil.example/gmail/v1/users/me/messages/1"), unreadable);
        Add("google host header", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1\r\nHost: evil.example"), unreadable);
        Add("google tab in target", "mail", GoogleBatch, Google("GET /gmail/v1/users/me/messages/1\t/trash"), unreadable);
        return rows;
    }

}
