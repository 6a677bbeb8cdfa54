using System.Net;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Security.Abuse;

/// <summary>
/// HTTP/1.1 protocol abuse over raw sockets against the real Kestrel listener: request
/// smuggling shapes, oversized heads and bodies, slow clients, HTTP/2 and upgrade attempts.
/// Whatever Kestrel answers, nothing malformed may reach the provider.
/// </summary>
public sealed class ProtocolAbuseTests : IAsyncLifetime
{
    private const string SendPath = "/mail/gmail/v1/users/me/messages/send";
    private const string ReadPath = "/mail/gmail/v1/users/me/messages";
    private const int BodyLimit = 64 * 1024;

    private LatchkeyTestHost _host = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false, settings: new Dictionary<string, string?>
        {
            ["Latchkey:Kestrel:RequestHeadersTimeout"] = "00:00:02",
            ["Latchkey:Kestrel:MinDataRateGracePeriod"] = "00:00:01.5",
            ["Latchkey:Kestrel:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _token = (await _host.CreateSessionAsync("acme", "alice", "bot", "email.send", "email.read")).Token;
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.protocol");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Content_length_with_transfer_encoding_never_smuggles_a_second_request()
    {
        // The chunked body ends at "0\r\n\r\n"; a front end trusting Content-Length would read the
        // rest as the next request. Kestrel must either refuse or treat it as one request and close.
        var smuggled = $"GET /mail/gmail/v1/users/me/settings/smuggled HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_token}\r\n\r\n";
        var body = "0\r\n\r\n" + smuggled;
        var head = $"POST {SendPath} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_token}\r\nContent-Type: application/json\r\n"
            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n";

        var (text, _) = await ExchangeAsync(head + body, TimeSpan.FromSeconds(4));

        Assert.True(CountResponses(text) <= 1, "the smuggled request was answered:\n" + text);
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.Contains("smuggled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duplicate_content_length_is_400_and_nothing_is_forwarded()
    {
        var request = $"POST {SendPath} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_token}\r\n"
            + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}";

        var (text, _) = await ExchangeAsync(request, TimeSpan.FromSeconds(4));

        Assert.StartsWith("HTTP/1.1 400", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.Contains("send", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Obs_fold_header_is_400_and_nothing_is_forwarded()
    {
        var request = $"GET {ReadPath}/folded HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_token}\r\n"
            + "X-Folded: first\r\n  Authorization: Bearer injected\r\nConnection: close\r\n\r\n";

        var (text, _) = await ExchangeAsync(request, TimeSpan.FromSeconds(4));

        Assert.StartsWith("HTTP/1.1 400", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.Contains("folded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_headers_are_431()
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", ReadPath + "/big", "Bearer " + _token,
            [$"X-Big: {new string('a', 40 * 1024)}"]);

        Assert.Equal(431, response.Status);
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.EndsWith("/big", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_request_line_is_414()
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", ReadPath + "/" + new string('a', 9 * 1024), "Bearer " + _token);

        Assert.Equal(414, response.Status);
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_and_nothing_is_forwarded()
    {
        using var content = new ByteArrayContent(new byte[BodyLimit + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await _host.SendAsync(HttpMethod.Post, SendPath, _token, content);

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.EndsWith("/send", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413()
    {
        using var content = new StreamContent(new MemoryStream(new byte[BodyLimit * 2]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, SendPath) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
    }

    [Fact]
    public async Task Slow_headers_are_cut_off_at_the_header_timeout()
    {
        await using var connection = await RawConnection.OpenAsync(_host.BaseAddress);
        Assert.True(await connection.TryWriteAsync($"GET {ReadPath}/slow-head HTTP/1.1\r\nHost: x\r\n"));

        var (_, closed, elapsed) = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.True(closed, "the server kept a connection whose headers never finished");
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.Contains("slow-head", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trickled_body_is_cut_off_by_the_minimum_data_rate()
    {
        await using var connection = await RawConnection.OpenAsync(_host.BaseAddress);
        var head = $"POST {SendPath} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_token}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n";
        Assert.True(await connection.TryWriteAsync(head));
        var reader = connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(15));

        // 10 bytes a second is far below the 240 B/s minimum.
        for (var i = 0; i < 150 && !reader.IsCompleted; i++)
        {
            if (!await connection.TryWriteAsync("          "))
            {
                break;
            }

            await Task.WhenAny(reader, Task.Delay(1000));
        }

        var (_, closed, elapsed) = await reader;
        Assert.True(closed, "a client trickling its body kept the connection");
        Assert.True(elapsed < TimeSpan.FromSeconds(12), $"cut off after {elapsed}");
    }

    [Fact]
    public async Task Http2_prior_knowledge_is_not_served_on_the_cleartext_listener()
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, ReadPath)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.SendAsync(request));
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("websocket", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n")]
    public async Task Upgrade_attempt_on_a_provider_route_is_refused_and_never_reaches_the_upstream(string protocol, string extra)
    {
        var request = $"GET {ReadPath}/upgrade-{protocol} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_token}\r\n"
            + $"Connection: Upgrade, HTTP2-Settings\r\nUpgrade: {protocol}\r\n{extra}\r\n";

        var (text, _) = await ExchangeAsync(request, TimeSpan.FromSeconds(4));

        Assert.DoesNotContain("HTTP/1.1 101", text, StringComparison.Ordinal);
        var status = RawResponse.Parse(text).Status;
        Assert.True(status is 400 or 403 or 405, "upgrade was not refused:\n" + text);
        Assert.DoesNotContain(_host.Upstream.Received, e => e.RequestMessage.Path.Contains("upgrade", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MinDataRateGracePeriod", "00:00:01")]
    [InlineData("RequestHeadersTimeout", "00:00:00")]
    [InlineData("MaxRequestBodyBytes", "0")]
    public void Kestrel_limits_that_switch_a_protection_off_stop_the_start(string key, string value)
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false, settings: new Dictionary<string, string?>
            {
                ["Latchkey:Kestrel:" + key] = value,
            });
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        Assert.Contains("Latchkey:Kestrel: " + key, error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(string Text, bool Closed)> ExchangeAsync(string request, TimeSpan wait)
    {
        await using var connection = await RawConnection.OpenAsync(_host.BaseAddress);
        Assert.True(await connection.TryWriteAsync(request));
        var (text, closed, _) = await connection.ReadUntilClosedAsync(wait);
        return (text, closed);
    }

    private static int CountResponses(string text)
    {
        var count = 0;
        for (var at = text.IndexOf("HTTP/1.1 ", StringComparison.Ordinal); at >= 0; at = text.IndexOf("HTTP/1.1 ", at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
