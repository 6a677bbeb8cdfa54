using System.Net.Http.Headers;
using System.Net.Http.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.IntegrationTests.Sdks;

namespace Latchkey.IntegrationTests.Mcp;

/// <summary>
/// The SDK suite's rig (Latchkey in front of <see cref="FakeProviders"/>, alice connected to
/// GitHub, Slack and Gmail) with the MCP suite's rules and the shipped tool packs as tools.yaml.
/// </summary>
public sealed class McpRig : SdkRig
{
    public McpRig()
        : base(McpConfigs.Rules, McpConfigs.Tools(), McpConfigs.Scopes)
    {
    }

    public Uri McpEndpoint => new(LatchkeyUrl + "/mcp");

    /// <summary>A session of bob, who has connected no provider: every user-credential call needs a connection.</summary>
    public async Task<CreatedSession> NewUnconnectedSessionAsync()
    {
        Fake.Reset();
        return await Host.CreateSessionAsync("acme", "bob", "mcp-agent", McpConfigs.Scopes);
    }

    /// <summary>A human (alice, through the management API) approves <paramref name="approvalId"/>.</summary>
    public async Task ApproveAsync(string approvalId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/approve")
        {
            Content = JsonContent.Create(new { justification = "checked by a human" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Host.Jwt.Issue("acme", "alice"));
        using var approved = await Host.Client.SendAsync(request);
        Assert.True(approved.IsSuccessStatusCode, $"approving {approvalId}: {(int)approved.StatusCode}");
    }

    /// <summary>A new session with only <paramref name="scopes"/>.</summary>
    public async Task<CreatedSession> NewSessionWithScopesAsync(params string[] scopes)
    {
        Fake.Reset();
        return await Host.CreateSessionAsync("acme", "alice", "mcp-agent", scopes);
    }
}
