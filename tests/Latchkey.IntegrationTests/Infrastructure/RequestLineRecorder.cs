using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>
/// An upstream on loopback that records each request line exactly as its bytes arrived (no URL
/// parsing in between) and answers 200 with an empty JSON object, closing the connection.
/// </summary>
public sealed class RequestLineRecorder : LoopbackTcpServer
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public async Task<string> NextRequestLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _lines.Reader.ReadAsync(timeout.Token);
    }

    protected override async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        {
            var stream = client.GetStream();
            var text = await ReadHeadAsync(stream, stopping) ?? string.Empty;
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            await _lines.Writer.WriteAsync(end < 0 ? text : text[..end], stopping);
            await stream.WriteAsync(Answer, stopping);
        }
    }
}
