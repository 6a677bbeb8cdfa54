using System.Collections.Concurrent;
using System.Net;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that answers each request with the next scripted status
/// (the last one repeats; 0 means a connection failure), recording each request's body, headers
/// and the fake time it arrived.
/// </summary>
internal sealed class ScriptedReceiver : HttpMessageHandler, IHttpClientFactory
{
    private readonly int[] _statuses;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Received> _received = new();

    public ScriptedReceiver(TimeProvider time, params int[] statuses)
    {
        _time = time;
        _statuses = statuses;
    }

    public IReadOnlyList<Received> Requests => [.. _received];

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var index = _received.Count;
        _received.Enqueue(new Received(request.RequestUri!, body, headers, _time.GetUtcNow()));
        var status = _statuses[Math.Min(index, _statuses.Length - 1)];
        if (status == 0)
        {
            throw new HttpRequestException("connection refused");
        }

        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("{\"ok\":true}") };
    }

    public sealed record Received(Uri Uri, string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At);
}
