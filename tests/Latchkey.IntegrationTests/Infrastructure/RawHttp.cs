using System.Net.Sockets;
using System.Text;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>
/// Sends a request exactly as written over a plain socket. HttpClient normalises paths (dot
/// segments, escapes), so adversarial targets need this.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri baseAddress, string method, string target, string? authorization, IEnumerable<string>? extraHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var builder = new StringBuilder();
        builder.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        builder.Append("Host: ").Append(baseAddress.Authority).Append("\r\n");
        if (authorization is not null)
        {
            builder.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        foreach (var header in extraHeaders ?? [])
        {
            builder.Append(header).Append("\r\n");
        }

        builder.Append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        return await SendRawAsync(baseAddress, Encoding.Latin1.GetBytes(builder.ToString()));
    }

    public static async Task<RawResponse> SendRawAsync(Uri baseAddress, byte[] request)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var buffer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            // The server may reset after answering a malformed request; what arrived is enough.
        }

        var text = Encoding.Latin1.GetString(buffer.ToArray());
        return RawResponse.Parse(text);
    }
}

/// <summary>A parsed HTTP/1.1 response from <see cref="RawHttp"/>.</summary>
public sealed record RawResponse(int Status, string Head, string Body)
{
    public static RawResponse Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 4)..];
        var parts = head.Split(' ', 3);
        var status = parts.Length > 1 && int.TryParse(parts[1], out var s) ? s : 0;
        return new RawResponse(status, head, body);
    }
}
