using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>
/// A raw TCP server on a free loopback port for upstreams that misbehave on purpose: accepts
/// connections until disposed and hands each to <see cref="ServeAsync"/>; disposing closes them all.
/// </summary>
public abstract class LoopbackTcpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];

    protected LoopbackTcpServer()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    protected bool IsStopping => _stop.IsCancellationRequested;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads up to the blank line ending an HTTP head; null when the peer closed first.</summary>
    protected static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken stop)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, stop);
            if (read == 0)
            {
                return null;
            }

            head.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return head.ToString();
    }

    /// <summary>Reads until the peer closes the connection.</summary>
    protected static async Task DrainAsync(NetworkStream stream, CancellationToken stop)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, stop) > 0)
        {
        }
    }

    /// <summary>Handles one accepted connection; I/O failures once the test ends are ignored by the caller.</summary>
    protected abstract Task ServeAsync(TcpClient client, CancellationToken stopping);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _clients.Add(client);
            _ = ServeGuardedAsync(client);
        }
    }

    private async Task ServeGuardedAsync(TcpClient client)
    {
        try
        {
            await ServeAsync(client, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The proxy went away or the test ended.
        }
    }
}
