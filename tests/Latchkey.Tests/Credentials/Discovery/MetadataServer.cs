using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Latchkey.Tests.Credentials.Discovery;

/// <summary>Serves JSON documents by absolute URL (404 for any other) and records every URL asked for.</summary>
internal sealed class MetadataServer : HttpMessageHandler, IHttpClientFactory
{
    private readonly ConcurrentDictionary<string, (HttpStatusCode Status, string Body)> _documents = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requested { get; } = new();

    /// <summary>The form bodies of the POSTs received, in order.</summary>
    public ConcurrentQueue<string> Posted { get; } = new();

    public MetadataServer Serve(string url, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        _documents[url] = (status, json);
        return this;
    }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        Requested.Enqueue(url);
        if (request.Content is not null)
        {
            Posted.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken));
        }

        var (status, body) = _documents.TryGetValue(url, out var document) ? document : (HttpStatusCode.NotFound, "{}");
        return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
