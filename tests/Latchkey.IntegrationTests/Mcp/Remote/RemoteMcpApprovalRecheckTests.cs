using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.Config;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// A remote <c>tools/call</c> that waited for its approval (<c>Latchkey:Mcp:ApprovalWait</c>) is
/// judged again once the human decided, before the approval is used: a session revoked or a rule
/// changed to deny during the wait refuses it (docs/mcp.md), as it would a call made at that moment.
/// Nothing reaches the server and the approval stays unused.
/// </summary>
public sealed class RemoteMcpApprovalRecheckTests(WaitingRemoteMcpRig rig) : IClassFixture<WaitingRemoteMcpRig>
{
    private const string DenyClose = """

          - id: remote.no-close
            provider: remote
            tool: close_issue
            action: deny
        """;

    [Fact]
    public async Task A_session_revoked_during_the_wait_is_refused_after_the_approval()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var call = CloseIssueAsync(client);
        var approvalId = await rig.PendingApprovalAsync(session);

        using (var revoke = Management(HttpMethod.Delete, $"/v1/sessions/{session.Id}"))
        using (var revoked = await rig.Host.Client.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await rig.Host.DecideApprovalAsync("acme", "alice", approvalId);

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("invalid_session", refused.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Remote.ToolsCalled);
        await AssertRefusalAuditedAsync(session, "invalid_session");
        Assert.Equal("approved", await StatusAsync(approvalId));
    }

    [Fact]
    public async Task A_rule_changed_to_deny_during_the_wait_refuses_the_call_after_the_approval()
    {
        var rulesFile = Path.Combine(rig.Host.ConfigDir, "rules.yaml");
        var rules = await File.ReadAllTextAsync(rulesFile);
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var call = CloseIssueAsync(client);
        var approvalId = await rig.PendingApprovalAsync(session);

        try
        {
            await File.WriteAllTextAsync(rulesFile, rules + DenyClose);
            await WaitForRuleAsync("remote.no-close", present: true);
            await rig.Host.DecideApprovalAsync("acme", "alice", approvalId);

            var refused = await Assert.ThrowsAsync<McpProtocolException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("route_denied", refused.Message, StringComparison.Ordinal);
            Assert.Empty(rig.Remote.ToolsCalled);
            var audited = await AssertRefusalAuditedAsync(session, "route_denied");
            Assert.Equal("remote.no-close", RemoteMcpRig.Text(audited, "RuleId"));
            Assert.Equal("approved", await StatusAsync(approvalId));
        }
        finally
        {
            await File.WriteAllTextAsync(rulesFile, rules);
            await WaitForRuleAsync("remote.no-close", present: false);
        }
    }

    private static Task<ModelContextProtocol.Protocol.CallToolResult> CloseIssueAsync(ModelContextProtocol.Client.McpClient client) =>
        client.CallToolAsync("close_issue", new Dictionary<string, object?> { ["repo"] = "hello", ["number"] = 12 }).AsTask();

    private async Task<JsonElement> AssertRefusalAuditedAsync(CreatedSession session, string reason)
    {
        var events = await rig.AuditEventsAsync(session, e => RemoteMcpRig.Text(e, "Tool") == "close_issue" && RemoteMcpRig.Text(e, "Reason") == reason, 1);
        var refusal = Assert.Single(events);
        Assert.Equal("denied", RemoteMcpRig.Text(refusal, "Decision"));
        return refusal;
    }

    private async Task WaitForRuleAsync(string ruleId, bool present)
    {
        var config = rig.Host.Factory.Services.GetRequiredService<IConfigSnapshotSource>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (config.Current.Rules.Any(r => r.Id == ruleId) != present)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rules never reloaded ({ruleId})");
            await Task.Delay(50);
        }
    }

    private async Task<string?> StatusAsync(string approvalId)
    {
        using var request = Management(HttpMethod.Get, $"/v1/approvals/{approvalId}");
        using var response = await rig.Host.Client.SendAsync(request);
        using var approval = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return approval.RootElement.GetProperty("status").GetString();
    }

    private HttpRequestMessage Management(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rig.Host.Jwt.Issue("acme", "alice"));
        return request;
    }
}
