using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.IntegrationTests.Sdks;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// The official TypeScript SDK at both ends of <c>/{provider}/mcp</c> (tests/sdk-clients/remote-mcp.mjs):
/// its Client through Latchkey to a remote server built with its McpServer. Tools are listed as the
/// rules allow, an allowed call runs with the injected credential (the session token never reaches
/// the server), a denied call is a JSON-RPC error, and a held call runs once when retried after approval.
/// </summary>
public sealed class RemoteMcpNodeClientTests
{
    [Fact]
    public async Task Typescript_sdk_client_and_server_list_call_are_refused_and_retry_an_approved_call()
    {
        var port = LatchkeyProcess.FreeLoopbackPort();
        var remote = $"http://127.0.0.1:{port}/mcp";
        await using var host = LatchkeyTestHost.Start(RemoteMcpRig.Providers.Replace("{remote}", remote, StringComparison.Ordinal), RemoteMcpRig.Rules);
        await host.SeedUserTokenAsync("acme", "alice", "remote", FakeRemoteMcpServer.Token);
        var session = await host.CreateSessionAsync("acme", "alice", "ts-agent", RemoteMcpRig.Scopes);

        var result = await NodeScript.RunAsync(
            new Dictionary<string, string>
            {
                ["LATCHKEY_URL"] = host.BaseAddress.ToString().TrimEnd('/'),
                ["LATCHKEY_TOKEN"] = session.Token,
                ["LATCHKEY_ADMIN_JWT"] = host.Jwt.Issue("acme", "alice"),
                ["REMOTE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            "remote-mcp.mjs",
            "all");

        Assert.Equal(["close_issue", "list_issues"], Strings(result.GetProperty("names")));
        Assert.Equal("""[{"number":1,"repo":"octo/hello"}]""", result.GetProperty("listed").GetString());

        var denied = result.GetProperty("denied");
        Assert.True(denied.GetProperty("thrown").GetBoolean());
        Assert.Equal(-32001, denied.GetProperty("code").GetInt32());
        Assert.Equal("route_denied", denied.GetProperty("error").GetString());

        var held = result.GetProperty("held");
        Assert.Equal("approval_required", held.GetProperty("error").GetString());
        Assert.StartsWith("apr_", held.GetProperty("approvalId").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, result.GetProperty("approved").GetInt32());
        Assert.Equal("closed hello#7", result.GetProperty("retried").GetProperty("text").GetString());
        Assert.Equal("approval_required", result.GetProperty("again").GetProperty("error").GetString());

        var server = result.GetProperty("server");
        Assert.Equal(["list_issues", "close_issue"], Strings(server.GetProperty("toolsCalled")));
        Assert.False(server.GetProperty("sessionTokenSeen").GetBoolean());
        Assert.Equal(["Bearer " + FakeRemoteMcpServer.Token], Strings(server.GetProperty("authorizations")));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
