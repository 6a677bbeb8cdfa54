using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// A <c>kind: mcp</c> provider with <c>oauth.discovery: true</c> (docs/mcp.md): the user connects once
/// through the ordinary connect flow, whose endpoints and RFC 8707 resource come from the remote
/// server's metadata, and the agent's tool calls then carry the user's token, which it never sees.
/// </summary>
public sealed class RemoteMcpDiscoveryTests
{
    private const string Rules = """
        rules:
          - id: remote.list
            provider: remote
            tool: list_issues
            scopes: [issues.read]
            action: allow
        """;

    [Fact]
    public async Task User_connects_once_through_discovery_and_the_agents_tool_call_carries_their_token()
    {
        await using var rig = await Rig.StartAsync();
        var remote = rig.Remote;

        var authorizeUrl = await rig.StartConnectAsync();

        Assert.StartsWith(remote.Origin + "/as/authorize?", authorizeUrl, StringComparison.Ordinal);
        using (var consent = await rig.FollowAuthorizeAsync(authorizeUrl))
        {
            Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        }

        var authorize = Assert.Single(remote.AuthorizeRequests);
        Assert.Equal(remote.Endpoint, authorize["resource"].ToString());
        Assert.Equal(FakeOAuthMcpServer.ClientId, authorize["client_id"].ToString());
        Assert.Equal("S256", authorize["code_challenge_method"].ToString());
        Assert.Equal("issues.read", authorize["scope"].ToString());
        var token = Assert.Single(remote.TokenRequests);
        Assert.Equal("authorization_code", token["grant_type"].ToString());
        Assert.Equal(remote.Endpoint, token["resource"].ToString());

        var session = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", "issues.read");
        string text;
        await using (var client = await rig.ConnectAsync(session.Token))
        {
            var result = await client.CallToolAsync("list_issues", new Dictionary<string, object?> { ["repo"] = "hello" });
            Assert.NotEqual(true, result.IsError);
            text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        }

        Assert.Contains("hello", text, StringComparison.Ordinal);
        Assert.Equal(["list_issues"], remote.ToolsCalled);
        var issued = Assert.Single(remote.IssuedTokens);
        Assert.All(remote.McpAuthorizations, authorization => Assert.Equal("Bearer " + issued, authorization));
        await rig.Host.Seq!.WaitForEventAsync(e => e.TryGetProperty("Tool", out var tool) && tool.GetString() == "list_issues");
        var logged = string.Join("\n", rig.Host.Seq.Payloads);
        Assert.DoesNotContain(issued, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeOAuthMcpServer.ClientSecret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(issued, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resource_mismatch")]
    [InlineData("metadata_unavailable")]
    public async Task Refused_or_unavailable_metadata_fails_the_connect_start_and_nothing_is_forwarded(string fault)
    {
        await using var rig = await Rig.StartAsync();
        if (fault == "resource_mismatch")
        {
            rig.Remote.DeclaredResource = rig.Remote.Origin + "/other-server";
        }
        else
        {
            rig.Remote.MetadataStatus = 500;
        }

        using var response = await rig.PostConnectAsync();

        await ErrorAssert.IsErrorAsync(response, 502, "oauth_discovery_failed");
        var audit = await rig.Host.Seq!.WaitForEventAsync(e => e.TryGetProperty("Reason", out var reason) && reason.GetString() == "oauth_discovery_failed");
        Assert.Equal("remote", audit.GetProperty("Target").GetString());
        Assert.DoesNotContain(rig.Remote.Requests, r => r.Contains("/as/", StringComparison.Ordinal) || r.Contains(" /mcp", StringComparison.Ordinal));

        var session = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", "issues.read");
        using var initialize = await rig.PostInitializeAsync(session.Token);
        Assert.Contains("connection_required", await initialize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(rig.Remote.McpAuthorizations);
    }

    [Fact]
    public async Task A_resource_metadata_challenge_from_the_remote_server_is_never_followed()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Host.SeedUserTokenAsync("acme", "alice", "remote", "stale-token-1f0c");
        var session = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", "issues.read");

        using var initialize = await rig.PostInitializeAsync(session.Token);

        Assert.Equal("Bearer stale-token-1f0c", Assert.Single(rig.Remote.McpAuthorizations));
        Assert.DoesNotContain(rig.Remote.Requests, r => r.Contains("attacker-metadata", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Remote.Requests, r => r.Contains("/.well-known/", StringComparison.Ordinal));
        Assert.DoesNotContain("attacker-metadata", await initialize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Latchkey in front of a <see cref="FakeOAuthMcpServer"/> as the discovering provider <c>remote</c>.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly string _secretVariable;

        private Rig(FakeOAuthMcpServer remote, LatchkeyTestHost host, string secretVariable)
        {
            Remote = remote;
            Host = host;
            _secretVariable = secretVariable;
        }

        public FakeOAuthMcpServer Remote { get; }

        public LatchkeyTestHost Host { get; }

        public ConnectBrowser Browser { get; } = new();

        public static async Task<Rig> StartAsync()
        {
            var remote = await FakeOAuthMcpServer.StartAsync();
            var variable = "LATCHKEY_IT_MCP_SECRET_" + Guid.NewGuid().ToString("N");
            Environment.SetEnvironmentVariable(variable, FakeOAuthMcpServer.ClientSecret);
            var providers = $"""
                providers:
                  remote:
                    kind: mcp
                    upstream: {remote.Endpoint}
                    allow_private_network: true
                    oauth:
                      discovery: true
                      client_id: {FakeOAuthMcpServer.ClientId}
                      client_secret: env:{variable}
                      scopes: [issues.read]
                """;
            var host = LatchkeyTestHost.Start(providers, Rules, settings: new Dictionary<string, string?>
            {
                ["Latchkey:PublicUrl"] = OAuthTestHost.PublicUrl,
                ["Latchkey:Seq:BatchWindow"] = "00:00:00",
            });
            return new Rig(remote, host, variable);
        }

        public Task<HttpResponseMessage> PostConnectAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/connections/remote") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Host.Jwt.Issue("acme", "alice"));
            return Host.Client.SendAsync(request);
        }

        /// <summary>POST /v1/connections/remote as alice, then her browser continues from the link page; returns the provider's authorize URL.</summary>
        public async Task<string> StartConnectAsync()
        {
            using var response = await PostConnectAsync();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"connect start: {(int)response.StatusCode} {body}");
            var link = JsonDocument.Parse(body).RootElement.GetProperty("authorize_url").GetString()!;
            return await OAuthTestHost.ContinueAsync(Host, Browser, link);
        }

        /// <summary>Alice consents at the remote server, which redirects her browser to Latchkey's callback.</summary>
        public async Task<HttpResponseMessage> FollowAuthorizeAsync(string authorizeUrl)
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var consent = await http.GetAsync(new Uri(authorizeUrl));
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
            var back = consent.Headers.Location!;
            Assert.StartsWith(OAuthTestHost.PublicUrl + "/oauth/callback?", back.ToString(), StringComparison.Ordinal);
            return await Browser.GetAsync(Host, back.PathAndQuery);
        }

        public async Task<McpClient> ConnectAsync(string sessionToken)
        {
            var transport = new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(Host.BaseAddress, "/remote/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + sessionToken },
            });
            return await McpClient.CreateAsync(transport);
        }

        public Task<HttpResponseMessage> PostInitializeAsync(string sessionToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/remote/mcp")
            {
                Content = new StringContent(
                    """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            return Host.Client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Remote.DisposeAsync();
            Environment.SetEnvironmentVariable(_secretVariable, null);
        }
    }
}
