using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Latchkey.IntegrationTests.Security.Abuse;

/// <summary>
/// One client TCP connection driven byte by byte: for smuggling and slow-client tests that need
/// to keep a connection open, trickle bytes, and see how and when the server ends it.
/// </summary>
public sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        return new RawConnection(client);
    }

    public async Task<bool> TryWriteAsync(string text)
    {
        try
        {
            await _stream.WriteAsync(Encoding.Latin1.GetBytes(text));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads until the server closes the connection or <paramref name="limit"/> passes; returns
    /// what arrived, whether the server closed, and how long that took.
    /// </summary>
    public async Task<(string Text, bool Closed, TimeSpan Elapsed)> ReadUntilClosedAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        var closed = false;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(chunk, timeout.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // A reset is the server ending the connection too.
            closed = true;
        }

        return (Encoding.Latin1.GetString(buffer.ToArray()), closed, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
