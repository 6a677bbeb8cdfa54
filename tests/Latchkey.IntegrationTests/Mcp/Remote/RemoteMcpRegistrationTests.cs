using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// <c>oauth.registration: dynamic</c> (docs/mcp.md): a remote MCP server whose authorization server
/// pre-issues no client. Latchkey registers one (RFC 7591) on the first connect, keeps it encrypted in
/// the store, and every later connect uses the same client; the client's secret never reaches a log,
/// an audit event or an API answer, and a refusal is a fixed code, never the server's words.
/// </summary>
public sealed class RemoteMcpRegistrationTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("client_secret_basic")]
    public async Task First_connect_registers_a_client_that_authorizes_redeems_and_forwards_and_the_next_connect_reuses_it(string method)
    {
        await using var rig = await DiscoveringMcpRig.StartAsync(dynamicRegistration: true, arrange: remote => remote.RegistrationAuthMethods = [method]);
        var remote = rig.Remote;

        await ConnectAsync(rig);

        var clientId = Assert.Single(remote.RegisteredClientIds);
        using (var registration = JsonDocument.Parse(Assert.Single(remote.Registrations)))
        {
            var body = registration.RootElement;
            Assert.Equal(["https://latchkey.example.test/oauth/callback"], body.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["authorization_code", "refresh_token"], body.GetProperty("grant_types").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal((method, "Latchkey"), (body.GetProperty("token_endpoint_auth_method").GetString(), body.GetProperty("client_name").GetString()));
        }

        var authorize = Assert.Single(remote.AuthorizeRequests);
        Assert.Equal((clientId, remote.Endpoint), (authorize["client_id"].ToString(), authorize["resource"].ToString()));
        var token = Assert.Single(remote.TokenRequests);
        Assert.Equal(method == "none" ? clientId : string.Empty, token["client_id"].ToString());
        Assert.False(token.ContainsKey("client_secret"));

        var session = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", "issues.read");
        await using (var client = await rig.ConnectAsync(session.Token))
        {
            var result = await client.CallToolAsync("list_issues", new Dictionary<string, object?> { ["repo"] = "hello" });
            Assert.NotEqual(true, result.IsError);
            Assert.Contains("hello", string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text)), StringComparison.Ordinal);
        }

        var issued = Assert.Single(remote.IssuedTokens);
        Assert.All(remote.McpAuthorizations, authorization => Assert.Equal("Bearer " + issued, authorization));

        // The second connect (the page is reopened, or another user) uses the stored client: no second registration.
        await ConnectAsync(rig);
        Assert.Single(remote.Registrations);
        Assert.Equal([clientId, clientId], remote.AuthorizeRequests.Select(q => q["client_id"].ToString()));

        var registered = await LoggedAsync(rig, "OAuthClientRegistered");
        Assert.Equal((method, "remote"), (registered.GetProperty("AuthMethod").GetString(), registered.GetProperty("Provider").GetString()));
        var logged = await rig.Host.EmittedTextAsync();
        Assert.DoesNotContain(FakeOAuthMcpServer.RegisteredSecret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(issued, logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    public async Task Refused_registration_fails_the_connect_start_with_a_code_and_never_the_servers_words(int status)
    {
        await using var rig = await DiscoveringMcpRig.StartAsync(dynamicRegistration: true, arrange: remote =>
        {
            remote.RegistrationAuthMethods = ["none"];
            remote.RegistrationStatus = status;
        });

        using var response = await rig.PostConnectAsync();

        var body = await response.Content.ReadAsStringAsync();
        await ErrorAssert.IsErrorAsync(response, 502, "oauth_registration_failed");
        Assert.DoesNotContain(FakeOAuthMcpServer.RefusalSecret, body, StringComparison.Ordinal);
        var audit = await rig.Host.Seq!.WaitForEventAsync(e => e.TryGetProperty("Reason", out var reason) && reason.GetString() == "oauth_registration_failed");
        Assert.Equal("remote", audit.GetProperty("Target").GetString());
        var failure = await LoggedAsync(rig, "OAuthClientRegistrationFailed");
        Assert.Equal(("registration_refused", status), (failure.GetProperty("RegistrationError").GetString(), failure.GetProperty("Status").GetInt32()));
        Assert.DoesNotContain(FakeOAuthMcpServer.RefusalSecret, await rig.Host.EmittedTextAsync(), StringComparison.Ordinal);
        Assert.Empty(rig.Remote.AuthorizeRequests);
    }

    [Fact]
    public async Task Authorization_server_without_a_registration_endpoint_fails_the_connect_start_before_any_link()
    {
        await using var rig = await DiscoveringMcpRig.StartAsync(dynamicRegistration: true);

        using var response = await rig.PostConnectAsync();

        await ErrorAssert.IsErrorAsync(response, 502, "oauth_registration_failed");
        var failure = await LoggedAsync(rig, "OAuthClientRegistrationFailed");
        Assert.Equal("registration_unsupported", failure.GetProperty("RegistrationError").GetString());
        Assert.Empty(rig.Remote.Registrations);
        Assert.DoesNotContain(rig.Remote.Requests, r => r.Contains("/as/authorize", StringComparison.Ordinal));
    }

    /// <summary>The application log event named <paramref name="eventName"/>, as Serilog's Seq sink posted it (to any ingest path).</summary>
    private static async Task<JsonElement> LoggedAsync(DiscoveringMcpRig rig, string eventName)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var found = rig.Host.Seq!.Payloads.SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Where(line => line.Contains(eventName, StringComparison.Ordinal))
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .FirstOrDefault(e => e.ValueKind == JsonValueKind.Object);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No {eventName} event reached the Seq stand-in.");
            await Task.Delay(50);
        }
    }

    private static async Task ConnectAsync(DiscoveringMcpRig rig)
    {
        var authorizeUrl = await rig.StartConnectAsync();
        Assert.StartsWith(rig.Remote.Origin + "/as/authorize?", authorizeUrl, StringComparison.Ordinal);
        using var consent = await rig.FollowAuthorizeAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
    }
}
