using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>Latchkey in front of a <see cref="FakeOAuthMcpServer"/> as the discovering provider <c>remote</c>.</summary>
internal sealed class DiscoveringMcpRig : IAsyncDisposable
{
    private const string Rules = """
        rules:
          - id: remote.list
            provider: remote
            tool: list_issues
            scopes: [issues.read]
            action: allow
        """;

    private readonly string _secretVariable;

    private DiscoveringMcpRig(FakeOAuthMcpServer remote, LatchkeyTestHost host, string secretVariable)
    {
        Remote = remote;
        Host = host;
        _secretVariable = secretVariable;
    }

    public FakeOAuthMcpServer Remote { get; }

    public LatchkeyTestHost Host { get; }

    public ConnectBrowser Browser { get; } = new();

    public static async Task<DiscoveringMcpRig> StartAsync(bool dynamicRegistration = false, Action<FakeOAuthMcpServer>? arrange = null)
    {
        var remote = await FakeOAuthMcpServer.StartAsync();
        arrange?.Invoke(remote);
        var variable = "LATCHKEY_IT_MCP_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, FakeOAuthMcpServer.ClientSecret);
        var client = dynamicRegistration
            ? "registration: dynamic"
            : $"client_id: {FakeOAuthMcpServer.ClientId}\n      client_secret: env:{variable}";
        var providers = $"""
            providers:
              remote:
                kind: mcp
                upstream: {remote.Endpoint}
                allow_private_network: true
                oauth:
                  discovery: true
                  {client}
                  scopes: [issues.read]
            """;
        var host = LatchkeyTestHost.Start(providers, Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:PublicUrl"] = OAuthTestHost.PublicUrl,
            ["Latchkey:Seq:BatchWindow"] = "00:00:00",
        });
        return new DiscoveringMcpRig(remote, host, variable);
    }

    /// <summary>The sources of a Content-Security-Policy's <c>form-action</c> directive.</summary>
    public static string[] FormActionSources(string csp) =>
        csp.Split(';', StringSplitOptions.TrimEntries)
            .Single(d => d.StartsWith("form-action ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];

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
