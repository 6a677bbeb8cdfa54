using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// An upstream that accepts connections, reads the request and never answers. Records when the
/// proxy gives up on each connection (the socket closes), so tests can show it is freed.
/// </summary>
public sealed class HangingUpstream : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private int _accepted;
    private int _closed;

    public HangingUpstream()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections the proxy closed from its side.</summary>
    public int ClosedByProxy => Volatile.Read(ref _closed);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

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
            Interlocked.Increment(ref _accepted);
            _ = DrainUntilClosedAsync(client);
        }
    }

    private async Task DrainUntilClosedAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
        }

        Interlocked.Increment(ref _closed);
    }
}
