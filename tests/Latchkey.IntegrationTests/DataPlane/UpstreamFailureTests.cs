using System.Net;
using System.Net.Sockets;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.DataPlane;

public sealed class UpstreamFailureTests
{
    private const string Rules = """
        rules:
          - id: any.read
            provider: down
            methods: [GET]
            path: /{**rest}
            action: allow
          - id: slow.read
            provider: mail
            methods: [GET]
            path: /{**rest}
            action: allow
        """;

    [Fact]
    public async Task Unreachable_upstream_is_502_upstream_unreachable_without_exception_text()
    {
        var closedPort = FreeLoopbackPort();
        var providers = $$"""
            providers:
              down:
                upstream: "http://127.0.0.1:{{closedPort}}"
                allow_private_network: true
                credential: user
              mail:
                upstream: "{upstream}"
                allow_private_network: true
            """;
        await using var host = LatchkeyTestHost.Start(providers, Rules);
        var session = await host.CreateSessionAsync("acme", "alice", "bot");
        await host.SeedUserTokenAsync("acme", "alice", "down", "ya29.down");

        using var response = await host.SendAsync(HttpMethod.Get, "/down/anything", session.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 502, "upstream_unreachable");
        var message = body.GetProperty("message").GetString()!;
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_upstream_is_504_upstream_timeout()
    {
        var providers = """
            providers:
              mail:
                upstream: "{upstream}"
                allow_private_network: true
            """;
        var rules = """
            rules:
              - id: slow.read
                provider: mail
                methods: [GET]
                path: /{**rest}
                action: allow
            """;
        await using var host = LatchkeyTestHost.Start(providers, rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:Forwarding:UpstreamTimeout"] = "00:00:01",
        });
        host.Upstream.Server.Given(Request.Create().WithPath("/slow").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(4)));
        var session = await host.CreateSessionAsync("acme", "alice", "bot");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.slow");

        using var response = await host.SendAsync(HttpMethod.Get, "/mail/slow", session.Token);

        await ErrorAssert.IsErrorAsync(response, 504, "upstream_timeout");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
