using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    [Fact]
    public async Task User_connects_once_through_discovery_and_the_agents_tool_call_carries_their_token()
    {
        await using var rig = await DiscoveringMcpRig.StartAsync();
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
        var logged = await rig.Host.EmittedTextAsync();
        Assert.DoesNotContain(issued, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeOAuthMcpServer.ClientSecret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(issued, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_link_page_lets_continue_redirect_to_the_discovered_authorize_origin()
    {
        await using var rig = await DiscoveringMcpRig.StartAsync();
        using var started = await rig.PostConnectAsync();
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var link = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("authorize_url").GetString()!;

        using var page = await rig.Browser.GetAsync(rig.Host, link);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        var authorize = new Uri(await OAuthTestHost.ContinueAsync(rig.Host, rig.Browser, link));

        // Browsers apply form-action to the redirect after Continue's post. Without the directive (it does
        // not fall back to default-src) Continue may go anywhere; with it, it must name the discovered origin.
        Assert.StartsWith(rig.Remote.Origin + "/as/authorize?", authorize.ToString(), StringComparison.Ordinal);
        Assert.True(!csp.Contains("form-action", StringComparison.Ordinal)
            || DiscoveringMcpRig.FormActionSources(csp).Contains(authorize.GetLeftPart(UriPartial.Authority)), csp);
    }

    [Theory]
    [InlineData("resource_mismatch")]
    [InlineData("metadata_unavailable")]
    public async Task Refused_or_unavailable_metadata_fails_the_connect_start_and_nothing_is_forwarded(string fault)
    {
        await using var rig = await DiscoveringMcpRig.StartAsync();
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
    public async Task Discovery_failing_at_continue_is_audited_as_the_bind_failing_with_that_reason()
    {
        await using var rig = await DiscoveringMcpRig.StartAsync();
        rig.Remote.MetadataStatus = 500;
        var session = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", "issues.read");

        // The agent's connection_required answer hands out a link without discovering; Continue discovers.
        using var initialize = await rig.PostInitializeAsync(session.Token);
        var link = Regex.Match(await initialize.Content.ReadAsStringAsync(), "/oauth/connect/[A-Za-z0-9_-]+").Value;
        using var page = await rig.Browser.GetAsync(rig.Host, link);
        var proof = OAuthTestHost.ProofIn(await page.Content.ReadAsStringAsync());
        using var continued = await rig.Browser.PostFormAsync(rig.Host, link, new Dictionary<string, string> { ["proof"] = proof });

        Assert.Equal(HttpStatusCode.Conflict, continued.StatusCode);
        Assert.Null(continued.Headers.Location);
        var audit = await rig.Host.Seq!.WaitForEventAsync(e => e.TryGetProperty("Action", out var action) && action.GetString() == "connection.bind");
        Assert.Equal("failed", audit.GetProperty("Decision").GetString());
        Assert.Equal("oauth_discovery_failed", audit.GetProperty("Reason").GetString());
        Assert.Equal("alice", audit.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task A_resource_metadata_challenge_from_the_remote_server_is_never_followed()
    {
        await using var rig = await DiscoveringMcpRig.StartAsync();
        await rig.Host.SeedUserTokenAsync("acme", "alice", "remote", "stale-token-1f0c");
        var session = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", "issues.read");

        using var initialize = await rig.PostInitializeAsync(session.Token);

        Assert.Equal("Bearer stale-token-1f0c", Assert.Single(rig.Remote.McpAuthorizations));
        Assert.DoesNotContain(rig.Remote.Requests, r => r.Contains("attacker-metadata", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Remote.Requests, r => r.Contains("/.well-known/", StringComparison.Ordinal));
        Assert.DoesNotContain("attacker-metadata", await initialize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
