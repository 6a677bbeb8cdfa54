using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Latchkey.Tests.Audit;

/// <summary>
/// A stand-in Seq server as an HttpMessageHandler: records what it stored and answers with
/// whatever <see cref="Responder"/> says (default 201 Created).
/// </summary>
public sealed class FakeSeq : HttpMessageHandler, IHttpClientFactory
{
    private readonly ConcurrentQueue<string> _stored = new();
    private readonly ConcurrentQueue<HttpRequestMessage> _requests = new();
    private int _calls;

    /// <summary>Decides the answer from the lines of one request; may throw to simulate no answer.</summary>
    public Func<IReadOnlyList<string>, HttpStatusCode> Responder { get; set; } = _ => HttpStatusCode.Created;

    public IReadOnlyList<string> StoredLines => _stored.ToArray();

    public IReadOnlyList<string> StoredRequestIds =>
        _stored.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("RequestId").GetString()!).ToArray();

    public IReadOnlyList<HttpRequestMessage> Requests => _requests.ToArray();

    public List<string> ContentTypes { get; } = [];

    public int Calls => Volatile.Read(ref _calls);

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _requests.Enqueue(request);
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (ContentTypes)
        {
            ContentTypes.Add(request.Content.Headers.ContentType!.MediaType!);
        }

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var status = Responder(lines);
        if ((int)status is >= 200 and < 300)
        {
            foreach (var line in lines)
            {
                _stored.Enqueue(line);
            }
        }

        return new HttpResponseMessage(status) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    }
}
