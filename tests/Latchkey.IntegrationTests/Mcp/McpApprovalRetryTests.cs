using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Approvals;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp;

/// <summary>
/// A <c>/mcp</c> tool call held by an <c>approve</c> rule, retried the way LLM agents retry: the same
/// tool with the same arguments, no approval id (docs/mcp.md). The retry finds the approval it was
/// held by (pending: the same approval; approved: forwarded once; denied: the denial; used: held
/// anew), only for this session's call with exactly these arguments.
/// </summary>
public sealed class McpApprovalRetryTests(McpRig rig) : IClassFixture<McpRig>
{
    private const string Tool = "github_create_issue";

    private static readonly Dictionary<string, object?> Arguments = new() { ["owner"] = "octo", ["repo"] = "hello", ["title"] = "crash on start" };

    [Fact]
    public async Task A_plain_retry_before_anyone_decided_is_held_by_the_same_approval()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);

        var first = await HeldAsync(client, Arguments);
        var retried = await HeldAsync(client, new Dictionary<string, object?> { ["title"] = "crash on start", ["repo"] = "hello", ["owner"] = "octo" });

        Assert.Equal(first, retried);
        Assert.Empty(rig.Fake.Received);
        var approvals = await rig.Host.Factory.Services.GetRequiredService<ApprovalService>().ListAsync("acme", "alice", null, CancellationToken.None);
        Assert.Equal([first], approvals.Where(a => a.SessionId == session.Id).Select(a => a.Id));
    }

    [Fact]
    public async Task A_plain_retry_after_approval_is_forwarded_exactly_once_and_then_held_anew()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var held = await HeldAsync(client, Arguments);
        await rig.ApproveAsync(held);

        var retried = await client.CallToolAsync(Tool, Arguments);

        Assert.NotEqual(true, retried.IsError);
        using (var body = JsonDocument.Parse(Assert.Single(rig.Fake.Received).Body))
        {
            Assert.Equal("crash on start", body.RootElement.GetProperty("title").GetString());
        }

        var heldAnew = await HeldAsync(client, Arguments);
        Assert.NotEqual(held, heldAnew);
        Assert.Single(rig.Fake.Received);

        var audit = (await rig.AuditEventsAsync(session)).Where(e => e.TryGetProperty("Tool", out _)).ToList();
        Assert.Equal(["approval_pending", "allowed", "approval_pending"], audit.Select(e => e.GetProperty("Decision").GetString()));
        Assert.All(audit, e => Assert.Equal(Tool, e.GetProperty("Tool").GetString()));
        Assert.Single(audit.Select(e => e.GetProperty("ArgumentsHash").GetString()).Distinct());
    }

    [Fact]
    public async Task A_plain_retry_after_a_denial_gets_the_denial_and_is_never_forwarded()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var held = await HeldAsync(client, Arguments);
        await rig.Host.DecideApprovalAsync("acme", "alice", held, approve: false);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var denied = await client.CallToolAsync(Tool, Arguments);

            Assert.True(denied.IsError);
            Assert.Equal("approval_denied", denied.StructuredContent!.Value.GetProperty("error").GetString());
        }

        Assert.Empty(rig.Fake.Received);
    }

    [Fact]
    public async Task A_retry_with_any_argument_changed_is_a_new_held_call_and_never_redeems()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var held = await HeldAsync(client, Arguments);
        await rig.ApproveAsync(held);

        var otherTitle = await HeldAsync(client, new Dictionary<string, object?>(Arguments) { ["title"] = "crash on stop" });
        var extraArgument = await HeldAsync(client, new Dictionary<string, object?>(Arguments) { ["body"] = "steps to reproduce" });

        Assert.Equal(3, new[] { held, otherTitle, extraArgument }.Distinct().Count());
        Assert.Empty(rig.Fake.Received);
        Assert.NotEqual(true, (await client.CallToolAsync(Tool, Arguments)).IsError);
        Assert.Single(rig.Fake.Received);
    }

    [Fact]
    public async Task An_approval_of_another_session_or_another_tenant_is_never_found()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var held = await HeldAsync(client, Arguments);
        await rig.ApproveAsync(held);

        var sameUser = await rig.Host.CreateSessionAsync("acme", "alice", "mcp-agent", McpConfigs.Scopes);
        var otherTenant = await rig.Host.CreateSessionAsync("globex", "alice", "mcp-agent", McpConfigs.Scopes);
        foreach (var other in new[] { sameUser, otherTenant })
        {
            await using var otherClient = await McpClients.ConnectAsync(rig, other);
            Assert.NotEqual(held, await HeldAsync(otherClient, Arguments));
        }

        Assert.Empty(rig.Fake.Received);
        Assert.NotEqual(true, (await client.CallToolAsync(Tool, Arguments)).IsError);
        Assert.Single(rig.Fake.Received);
    }

    [Fact]
    public async Task Two_concurrent_plain_retries_of_an_approved_call_are_forwarded_once()
    {
        var session = await rig.NewSessionAsync();
        await using var first = await McpClients.ConnectAsync(rig, session);
        await using var second = await McpClients.ConnectAsync(rig, session);
        var held = await HeldAsync(first, Arguments);
        await rig.ApproveAsync(held);

        var results = await Task.WhenAll(first.CallToolAsync(Tool, Arguments).AsTask(), second.CallToolAsync(Tool, Arguments).AsTask());

        Assert.Single(rig.Fake.Received);
        Assert.Single(results, r => r.IsError != true);
        var refused = Assert.Single(results, r => r.IsError == true).StructuredContent!.Value;

        // Both found the approval before either used it (approval_used), or the other came after the
        // use and is a new held call; never a second forward.
        Assert.Contains(refused.GetProperty("error").GetString(), new[] { "approval_used", "approval_required" });
        if (refused.GetProperty("error").GetString() == "approval_required")
        {
            Assert.NotEqual(held, refused.GetProperty("approval_id").GetString());
        }
    }

    [Fact]
    public async Task An_approval_id_in_meta_redeems_only_the_call_it_was_granted_for()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var held = await HeldAsync(client, Arguments);
        await rig.ApproveAsync(held);

        var mismatch = await CallWithMetaAsync(client, held, "crash on stop");
        Assert.Equal("approval_mismatch", mismatch.StructuredContent!.Value.GetProperty("error").GetString());
        Assert.Empty(rig.Fake.Received);

        Assert.NotEqual(true, (await CallWithMetaAsync(client, held, "crash on start")).IsError);
        var used = await CallWithMetaAsync(client, held, "crash on start");
        Assert.Equal("approval_used", used.StructuredContent!.Value.GetProperty("error").GetString());
        Assert.Single(rig.Fake.Received);
    }

    [Fact]
    public async Task Held_result_tells_the_agent_to_repeat_the_same_call()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);

        var held = await client.CallToolAsync(Tool, Arguments);

        var text = string.Concat(held.Content.OfType<TextContentBlock>().Select(b => b.Text));
        Assert.Contains("call " + Tool + " again with exactly the same arguments", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Latchkey-Approval header", held.StructuredContent!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Calls the tool, which must be held; returns the approval id of the result.</summary>
    private static async Task<string> HeldAsync(McpClient client, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(Tool, arguments);
        Assert.True(result.IsError);
        var structured = result.StructuredContent!.Value;
        Assert.Equal("approval_required", structured.GetProperty("error").GetString());
        return structured.GetProperty("approval_id").GetString()!;
    }

    private static Task<CallToolResult> CallWithMetaAsync(McpClient client, string approvalId, string title) =>
        client.CallToolAsync(new CallToolRequestParams
        {
            Name = Tool,
            Arguments = new Dictionary<string, JsonElement>
            {
                ["owner"] = JsonSerializer.SerializeToElement("octo"),
                ["repo"] = JsonSerializer.SerializeToElement("hello"),
                ["title"] = JsonSerializer.SerializeToElement(title),
            },
            Meta = new JsonObject { ["latchkey/approval_id"] = approvalId },
        }).AsTask();
}
