using System.Diagnostics;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// A provider that accepts the connection and never answers: the agent gets 504 within the
/// configured timeout and the proxy closes its upstream connection, so hung providers cannot
/// pile up sockets.
/// </summary>
public sealed class UpstreamHangTests
{
    private const string Rules = """
        rules:
          - id: hang.read
            provider: hang
            methods: [GET]
            path: /{**rest}
            scopes: [tickets.read]
            action: allow
        """;

    [Fact]
    public async Task Hanging_upstream_gets_504_within_the_timeout_and_its_connections_are_freed()
    {
        using var upstream = new HangingUpstream();
        var providers = $$"""
            providers:
              hang:
                upstream: "{{upstream.Url}}"
                allow_private_network: true
                credential: agent
                agent:
                  type: api_key
                  key: env:{{TestConfigs.TicketsKeyVariable}}
            """;
        await using var rig = await FaultRig.StartAsync(null, new Dictionary<string, string>
        {
            ["Latchkey__Forwarding__UpstreamTimeout"] = "00:00:02",
        }, providers, Rules);

        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/hang/items/{i}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", rig.Token);
            var response = await rig.Client.SendAsync(request);
            return (Response: response, Elapsed: watch.Elapsed);
        }));

        foreach (var (response, elapsed) in responses)
        {
            await ErrorAssert.IsErrorAsync(response, 504, "upstream_timeout");
            Assert.InRange(elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
            response.Dispose();
        }

        Assert.Equal(5, upstream.Accepted);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (upstream.ClosedByProxy < upstream.Accepted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Console.WriteLine($"hanging upstream: 5 x 504 after {responses.Max(r => r.Elapsed).TotalSeconds:F2} s (timeout 2 s), {upstream.ClosedByProxy}/{upstream.Accepted} upstream connections closed by the proxy");
        Assert.Equal(upstream.Accepted, upstream.ClosedByProxy);
    }
}
