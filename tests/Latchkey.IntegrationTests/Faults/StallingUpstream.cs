using System.Net.Sockets;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// An upstream that answers every request with <c>200</c>, headers and the first bytes of a
/// longer body, then stalls: the agent holds a 200 while the response is still in flight.
/// </summary>
public sealed class StallingUpstream : LoopbackTcpServer
{
    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nfirst bytes of a long answer\n");

    protected override async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        var stream = client.GetStream();
        if (await ReadHeadAsync(stream, stopping) is null)
        {
            return;
        }

        await stream.WriteAsync(Head, stopping);
        await stream.FlushAsync(stopping);
        await DrainAsync(stream, stopping);
    }
}
