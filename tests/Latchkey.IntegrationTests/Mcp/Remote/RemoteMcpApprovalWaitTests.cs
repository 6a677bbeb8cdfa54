using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// <c>Latchkey:Mcp:ApprovalWait</c> (docs/mcp.md): a tool call held for approval, to a remote MCP
/// server or at <c>/mcp</c>, waits for the human's decision and then runs (once) or gets the denial,
/// in the same call.
/// </summary>
public sealed class RemoteMcpApprovalWaitTests(WaitingRemoteMcpRig rig) : IClassFixture<WaitingRemoteMcpRig>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_held_remote_call_waits_for_the_decision_then_runs_or_gets_the_denial(bool approve)
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);

        var call = client.CallToolAsync("close_issue", new Dictionary<string, object?> { ["repo"] = "hello", ["number"] = 11 }).AsTask();
        var approvalId = await rig.PendingApprovalAsync(session);
        Assert.False(call.IsCompleted);
        await rig.Host.DecideApprovalAsync("acme", "alice", approvalId, approve);

        if (approve)
        {
            var result = await call.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("closed hello#11", string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
            Assert.Equal(["close_issue"], rig.Remote.ToolsCalled);
        }
        else
        {
            var denied = await Assert.ThrowsAsync<McpProtocolException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("approval_denied", denied.Message, StringComparison.Ordinal);
            Assert.Empty(rig.Remote.ToolsCalled);
        }
    }

    [Fact]
    public async Task A_held_call_at_mcp_waits_for_the_approval_and_then_runs_once()
    {
        var session = await rig.NewSessionAsync();
        await rig.Host.SeedUserTokenAsync("acme", "alice", "local", "local-user-token");
        rig.Host.Upstream.Reset();
        await using var client = await rig.ConnectAsync(session, "/mcp");

        var call = client.CallToolAsync("close_ticket", new Dictionary<string, object?> { ["id"] = "42" }).AsTask();
        var approvalId = await rig.PendingApprovalAsync(session);
        Assert.False(call.IsCompleted);
        Assert.Empty(rig.Host.Upstream.Received);
        await rig.Host.DecideApprovalAsync("acme", "alice", approvalId);

        var result = await call.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotEqual(true, result.IsError);
        var forwarded = Assert.Single(rig.Host.Upstream.Received);
        Assert.Equal("/tickets/42/close", forwarded.RequestMessage.Path);
        Assert.Equal("Bearer local-user-token", forwarded.RequestMessage.Headers!["Authorization"].Single());
    }
}
