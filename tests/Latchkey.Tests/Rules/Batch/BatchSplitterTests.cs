using System.Text;
using Latchkey.Providers;
using Latchkey.Rules.Batch;
using static Latchkey.Tests.Rules.Batch.BatchRules;

namespace Latchkey.Tests.Rules.Batch;

public sealed class BatchSplitterTests
{
    private const string Json = "application/json";
    private const string Multipart = "multipart/mixed; boundary=" + Boundary;

    [Fact]
    public void A_graph_batch_is_split_into_its_requests_under_the_batch_version()
    {
        const string Body = """
            {"requests":[
              {"id":"1","method":"GET","url":"/me/messages?$top=5"},
              {"id":"b","method":"POST","url":"me/messages","headers":{"Content-Type":"application/json"},"body":{"subject":"hi"},"dependsOn":["1"]}]}
            """;

        using var split = Split(BatchFormat.MicrosoftGraph, "/beta/$batch", Body, Json);

        Assert.True(split.IsSplit, split.Problem);
        Assert.Equal([("1", "GET", "/beta/me/messages?$top=5"), ("b", "POST", "/beta/me/messages")], split.Requests.Select(r => (r.Id, r.Method, r.Target)));
        Assert.Equal("hi", split.Requests[1].Body.Root.GetProperty("subject").GetString());
        Assert.Equal("application/json", split.Requests[1].Headers.ContentType.ToString());
    }

    [Fact]
    public void A_salesforce_composite_and_composite_batch_are_split_with_their_urls_as_paths()
    {
        using var composite = Split(BatchFormat.SalesforceComposite, Composite,
            """{"allOrNone":true,"compositeRequest":[{"method":"POST","url":"/services/data/v60.0/sobjects/Account","referenceId":"acct","body":{"Name":"A"}}]}""", Json);
        using var batch = Split(BatchFormat.SalesforceCompositeBatch, CompositeBatch,
            """{"haltOnError":true,"batchRequests":[{"method":"GET","url":"v60.0/sobjects/Account/001"},{"method":"PATCH","url":"/services/data/v60.0/sobjects/Account/001","richInput":{"Name":"B"}}]}""", Json);

        Assert.Equal(("acct", "POST", "/services/data/v60.0/sobjects/Account"), (composite.Requests[0].Id, composite.Requests[0].Method, composite.Requests[0].Target));
        Assert.Equal("A", composite.Requests[0].Body.Root.GetProperty("Name").GetString());
        Assert.Equal(["/services/data/v60.0/sobjects/Account/001", "/services/data/v60.0/sobjects/Account/001"], batch.Requests.Select(r => r.Target));
        Assert.Equal("B", batch.Requests[1].Body.Root.GetProperty("Name").GetString());
    }

    [Fact]
    public void A_google_batch_is_split_into_its_http_parts_with_their_bodies()
    {
        var body = Google(
            "GET /gmail/v1/users/me/messages/1 HTTP/1.1\r\nAccept: application/json",
            "POST /gmail/v1/users/me/messages/send HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"raw\":\"eA\"}\n");

        using var split = Split(BatchFormat.GoogleMultipart, GoogleBatch, body, Multipart);

        Assert.True(split.IsSplit, split.Problem);
        Assert.Equal([("item1", "GET", "/gmail/v1/users/me/messages/1"), ("item2", "POST", "/gmail/v1/users/me/messages/send")],
            split.Requests.Select(r => (r.Id, r.Method, r.Target)));
        Assert.Equal("eA", split.Requests[1].Body.Root.GetProperty("raw").GetString());
        Assert.False(split.Requests[0].Body.IsReadable);
    }

    public static TheoryData<string, BatchFormat, string, string> Malformed { get; } = new()
    {
        { "graph: not an object", BatchFormat.MicrosoftGraph, """[{"id":"1","method":"GET","url":"/me"}]""", Json },
        { "graph: no requests", BatchFormat.MicrosoftGraph, """{"requests":[]}""", Json },
        { "graph: unknown root member", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me"}],"x":1}""", Json },
        { "graph: unknown request member", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me","target":"/users"}]}""", Json },
        { "graph: duplicate key", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me","url":"/users"}]}""", Json },
        { "graph: duplicate key by case", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me","URL":"/users"}]}""", Json },
        { "graph: duplicate id", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me"},{"id":"1","method":"GET","url":"/me"}]}""", Json },
        { "graph: url not a string", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":["/me"]}]}""", Json },
        { "graph: absolute url", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"https://evil.example/me"}]}""", Json },
        { "graph: scheme-relative url", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"//evil.example/me"}]}""", Json },
        { "graph: space in url", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me /x"}]}""", Json },
        { "graph: CRLF in url", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me\r\nHost: x"}]}""", Json },
        { "graph: header not a string", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me","headers":{"a":1}}]}""", Json },
        { "graph: CRLF in a header", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me","headers":{"a":"b\r\nX: y"}}]}""", Json },
        { "graph: compressed sub-request", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"POST","url":"/me","headers":{"Content-Encoding":"gzip"},"body":"H4sI"}]}""", Json },
        { "graph: host header", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me","headers":{"Host":"evil"}}]}""", Json },
        { "graph: wrong content type", BatchFormat.MicrosoftGraph, """{"requests":[{"id":"1","method":"GET","url":"/me"}]}""", "text/plain" },
        { "graph: not JSON", BatchFormat.MicrosoftGraph, """{"requests":[""", Json },
        { "salesforce: no referenceId", BatchFormat.SalesforceComposite, """{"compositeRequest":[{"method":"GET","url":"/services/data/v60.0/limits"}]}""", Json },
        { "salesforce: duplicate referenceId", BatchFormat.SalesforceComposite, """{"compositeRequest":[{"method":"GET","url":"/a","referenceId":"r"},{"method":"GET","url":"/b","referenceId":"r"}]}""", Json },
        { "salesforce: batch under composite", BatchFormat.SalesforceComposite, """{"batchRequests":[{"method":"GET","url":"v60.0/limits"}]}""", Json },
        { "salesforce: unknown member", BatchFormat.SalesforceCompositeBatch, """{"batchRequests":[{"method":"GET","url":"v60.0/limits","referenceId":"r"}]}""", Json },
        { "google: no boundary", BatchFormat.GoogleMultipart, "--b\r\n\r\n--b--", "multipart/mixed" },
        { "google: JSON content type", BatchFormat.GoogleMultipart, Google("GET /gmail/v1/users/me/messages/1"), Json },
        { "google: preamble", BatchFormat.GoogleMultipart, "preamble\r\n" + Google("GET /gmail/v1/users/me/messages/1"), Multipart },
        { "google: epilogue", BatchFormat.GoogleMultipart, Google("GET /gmail/v1/users/me/messages/1") + "GET /x", Multipart },
        { "google: no close", BatchFormat.GoogleMultipart, $"--{Boundary}\r\nContent-Type: application/http\r\n\r\nGET /gmail/v1/users/me/messages/1\r\n", Multipart },
        { "google: boundary inside a part", BatchFormat.GoogleMultipart, Google($"GET /gmail/v1/users/me/messages/1?x=--{Boundary}"), Multipart },
        { "google: LF line ends", BatchFormat.GoogleMultipart, Google("GET /gmail/v1/users/me/messages/1").Replace("\r\n", "\n", StringComparison.Ordinal), Multipart },
        { "google: bare LF in a part header", BatchFormat.GoogleMultipart, $"--{Boundary}\r\nContent-Type: application/http\nX: y\r\n\r\nGET /gmail/v1/users/me/messages/1\r\n--{Boundary}--", Multipart },
        { "google: unknown part header", BatchFormat.GoogleMultipart, $"--{Boundary}\r\nContent-Type: application/http\r\nX-Path: /admin\r\n\r\nGET /gmail/v1/users/me/messages/1\r\n--{Boundary}--", Multipart },
        { "google: part not application/http", BatchFormat.GoogleMultipart, $"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nGET /gmail/v1/users/me/messages/1\r\n--{Boundary}--", Multipart },
        { "google: HTTP/1.0", BatchFormat.GoogleMultipart, Google("GET /gmail/v1/users/me/messages/1 HTTP/1.0"), Multipart },
        { "google: absolute target", BatchFormat.GoogleMultipart, Google("GET https://www.googleapis.com/gmail/v1/users/me/messages/1 HTTP/1.1"), Multipart },
        { "google: lower-case method", BatchFormat.GoogleMultipart, Google("get /gmail/v1/users/me/messages/1"), Multipart },
        { "google: CRLF injected header", BatchFormat.GoogleMultipart, Google("GET /gmail/v1/users/me/messages/1 HTTP/1.1\r\nX: a\rHost: evil"), Multipart },
        { "google: Content-Length mismatch", BatchFormat.GoogleMultipart, Google("POST /gmail/v1/users/me/messages/send\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{\"raw\":\"x\"}"), Multipart },
        { "google: nested multipart", BatchFormat.GoogleMultipart, Google("POST /batch/gmail/v1\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n--z--"), Multipart },
        { "google: compressed", BatchFormat.GoogleMultipart, Google("POST /gmail/v1/users/me/messages/send\r\nContent-Encoding: gzip\r\n\r\nxx"), Multipart },
        { "google: empty part", BatchFormat.GoogleMultipart, $"--{Boundary}\r\n\r\n--{Boundary}--", Multipart },
        { "google: duplicate Content-ID", BatchFormat.GoogleMultipart, Google("GET /gmail/v1/users/me/messages/1", "DELETE /gmail/v1/users/me/messages/2").Replace("<item2>", "<item1>", StringComparison.Ordinal), Multipart },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_batch_is_refused_never_split(string name, BatchFormat format, string body, string contentType)
    {
        var path = format switch
        {
            BatchFormat.MicrosoftGraph => GraphBatch,
            BatchFormat.GoogleMultipart => GoogleBatch,
            BatchFormat.SalesforceComposite => Composite,
            _ => CompositeBatch,
        };

        using var split = Split(format, path, body, contentType);

        Assert.False(split.IsSplit, name);
        Assert.Empty(split.Requests);
        Assert.DoesNotContain("evil", split.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BatchFormat.MicrosoftGraph)]
    [InlineData(BatchFormat.GoogleMultipart)]
    public void More_than_the_bound_of_sub_requests_is_refused(BatchFormat format)
    {
        var count = BatchLimits.MaxSubRequests + 1;
        var body = format == BatchFormat.MicrosoftGraph
            ? Graph([.. Enumerable.Range(0, count).Select(_ => ("GET", "/me"))])
            : Google([.. Enumerable.Range(0, count).Select(_ => "GET /gmail/v1/users/me/messages/1")]);

        using var split = Split(format, format == BatchFormat.MicrosoftGraph ? GraphBatch : GoogleBatch, body, format == BatchFormat.MicrosoftGraph ? Json : Multipart);

        Assert.Contains($"more than {BatchLimits.MaxSubRequests} sub-requests", split.Problem, StringComparison.Ordinal);
    }

    private static BatchSplit Split(BatchFormat format, string path, string body, string contentType) =>
        BatchSplitter.Split(format, path, Encoding.UTF8.GetBytes(body), contentType, default);
}
