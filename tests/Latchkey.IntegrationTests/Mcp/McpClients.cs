using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace Latchkey.IntegrationTests.Mcp;

/// <summary>The official C# SDK's MCP client on Latchkey's <c>/mcp</c>, authenticated with the session token as bearer.</summary>
public static class McpClients
{
    public static async Task<McpClient> ConnectAsync(McpRig rig, CreatedSession session, McpClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(session);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = rig.McpEndpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + session.Token },
        });
        return await McpClient.CreateAsync(transport, options);
    }
}
