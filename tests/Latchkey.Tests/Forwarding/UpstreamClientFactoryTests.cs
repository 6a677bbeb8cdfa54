using System.Net;
using System.Net.Sockets;
using System.Text;
using Latchkey.Forwarding;
using Latchkey.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Tests.Forwarding;

public sealed class UpstreamClientFactoryTests
{
    [Fact]
    public void This_runtime_lets_one_socket_complete_inline_without_the_process_wide_switch()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Assert.False(InlineSocketCompletions.IsEnabled(socket));

        Assert.True(InlineSocketCompletions.TryEnable(socket));

        Assert.True(InlineSocketCompletions.IsEnabled(socket));
    }

    [Fact]
    public async Task Upstream_connection_is_made_with_inline_completions_and_no_delay()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync();

        await using var stream = await UpstreamClientFactory.ConnectInlineAsync(
            new DnsEndPoint("localhost", ((IPEndPoint)listener.LocalEndpoint).Port), CancellationToken.None);
        using var accepted = await accepting;

        var network = Assert.IsType<NetworkStream>(stream);
        Assert.True(InlineSocketCompletions.IsEnabled(network.Socket));
        Assert.True(network.Socket.NoDelay);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Client_from_the_factory_reaches_the_upstream_either_way(bool inline)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = ServeOneAsync(listener);
        var factory = new UpstreamClientFactory(
            NullLogger<ForwarderHttpClientFactory>.Instance,
            Options.Create(new ForwardingOptions { InlineUpstreamCompletions = inline }));
        using var client = factory.CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = "provider-mail",
            OldConfig = HttpClientConfig.Empty,
            OldMetadata = null,
            OldClient = null,
            NewConfig = HttpClientConfig.Empty,
            NewMetadata = null,
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/ping");
        using var response = await client.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
        await serving;
    }

    private static async Task ServeOneAsync(TcpListener listener)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npong"u8.ToArray());
    }
}
