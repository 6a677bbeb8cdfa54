using System.Net;
using System.Text;

namespace Latchkey.Tests.Credentials;

/// <summary>An in-process token endpoint that gives whatever answer the test set, and counts calls.</summary>
internal sealed class AnsweringTokenEndpoint : HttpMessageHandler, IHttpClientFactory
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string Body { get; set; } = """{"access_token":"at-new","expires_in":3600}""";

    public string ContentType { get; set; } = "application/json";

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        return Task.FromResult(new HttpResponseMessage(Status) { Content = content });
    }
}
