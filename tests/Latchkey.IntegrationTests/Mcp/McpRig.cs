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
    public Task ApproveAsync(string approvalId) => Host.DecideApprovalAsync("acme", "alice", approvalId);

    /// <summary>A new session with only <paramref name="scopes"/>.</summary>
    public async Task<CreatedSession> NewSessionWithScopesAsync(params string[] scopes)
    {
        Fake.Reset();
        return await Host.CreateSessionAsync("acme", "alice", "mcp-agent", scopes);
    }
}
