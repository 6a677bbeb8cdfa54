using System.Net.Sockets;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// An upstream that accepts connections, reads the request and never answers. Records when the
/// proxy gives up on each connection (the socket closes), so tests can show it is freed.
/// </summary>
public sealed class HangingUpstream : LoopbackTcpServer
{
    private int _accepted;
    private int _closed;

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections the proxy closed from its side.</summary>
    public int ClosedByProxy => Volatile.Read(ref _closed);

    protected override async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        Interlocked.Increment(ref _accepted);
        try
        {
            await DrainAsync(client.GetStream(), stopping);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException && !IsStopping)
        {
            // A reset from the proxy's side is a close too; the test ending is not.
        }

        Interlocked.Increment(ref _closed);
    }
}
