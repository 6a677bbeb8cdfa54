using System.Net;
using System.Text;

namespace Latchkey.Tests.Credentials;

/// <summary>An in-process token endpoint: answers every refresh with a new access token and counts calls.</summary>
internal sealed class CountingTokenEndpoint : HttpMessageHandler, IHttpClientFactory
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var calls = Interlocked.Increment(ref _calls);
        await Task.Yield();
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"access_token":"at-new-{{calls}}","expires_in":3600}""", Encoding.UTF8, "application/json"),
        };
    }
}
