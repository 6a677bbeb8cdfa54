using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// A remote MCP <c>tools/call</c> held by an <c>approve</c> rule (docs/mcp.md): the approval is
/// bound to the tool and its arguments, not to the JSON-RPC message, so the same call retried
/// after approval (another JSON-RPC id, arguments in another order) is forwarded exactly once.
/// </summary>
public sealed partial class RemoteMcpApprovalTests(RemoteMcpRig rig) : IClassFixture<RemoteMcpRig>
{
    [Fact]
    public async Task A_held_tool_call_retried_with_the_same_arguments_after_approval_is_forwarded_exactly_once()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);

        var held = await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 7 });
        Assert.Empty(rig.Remote.ToolsCalled);
        Assert.Equal(held, await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 7 }));

        await rig.Host.DecideApprovalAsync("acme", "alice", held);
        var otherArguments = await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 8 });
        Assert.NotEqual(held, otherArguments);

        // Another JSON-RPC id (the client counts up) and the arguments in another order.
        var result = await client.CallToolAsync("close_issue", new Dictionary<string, object?> { ["number"] = 7, ["repo"] = "hello" });

        Assert.Equal("closed hello#7", Text(result));
        Assert.Equal(["close_issue"], rig.Remote.ToolsCalled);
        var heldAnew = await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 7 });
        Assert.NotEqual(held, heldAnew);
        Assert.Equal(["close_issue"], rig.Remote.ToolsCalled);
        rig.AssertServerSawOnlyTheInjectedCredential();

        var audited = await rig.AuditEventsAsync(session, e => RemoteMcpRig.Text(e, "Tool") == "close_issue", 6);
        Assert.All(audited, e => Assert.NotNull(RemoteMcpRig.Text(e, "ArgumentsHash")));
        var forwarded = Assert.Single(audited, e => RemoteMcpRig.Text(e, "Decision") == "allowed");
        Assert.Equal(Sha256("""{"number":7,"repo":"hello"}"""), RemoteMcpRig.Text(forwarded, "ArgumentsHash"));
        Assert.DoesNotContain("hello", string.Concat(audited.Select(e => e.GetRawText())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_id_in_meta_redeems_only_the_call_it_was_granted_for()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var held = await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 3 });
        await rig.Host.DecideApprovalAsync("acme", "alice", held);

        var mismatch = await Assert.ThrowsAsync<McpProtocolException>(() => CallWithMetaAsync(client, held, 4));
        Assert.Contains("approval_mismatch", mismatch.Message, StringComparison.Ordinal);

        var result = await CallWithMetaAsync(client, held, 3);
        Assert.Equal("closed hello#3", Text(result));
        var used = await Assert.ThrowsAsync<McpProtocolException>(() => CallWithMetaAsync(client, held, 3));
        Assert.Contains("approval_used", used.Message, StringComparison.Ordinal);
        Assert.Equal(["close_issue"], rig.Remote.ToolsCalled);
    }

    [Fact]
    public async Task A_denied_call_retried_gets_the_denial_and_is_never_forwarded()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var held = await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 5 });
        await rig.Host.DecideApprovalAsync("acme", "alice", held, approve: false);

        var denied = await Assert.ThrowsAsync<McpProtocolException>(
            () => client.CallToolAsync("close_issue", new Dictionary<string, object?> { ["repo"] = "hello", ["number"] = 5 }).AsTask());

        Assert.Equal(-32001, (int)denied.ErrorCode);
        Assert.Contains("approval_denied", denied.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Remote.ToolsCalled);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("apr_")]
    [InlineData("apr_a, apr_b")]
    public async Task An_approval_header_that_is_not_an_approval_id_is_an_invalid_request(string header)
    {
        var session = await rig.NewSessionAsync();
        using var request = Post(session, CloseIssue(3, meta: null));
        request.Headers.TryAddWithoutValidation("Latchkey-Approval", header);

        using var response = await rig.Host.Client.SendAsync(request);

        AssertInvalidRequest(await response.Content.ReadAsStringAsync());
        Assert.Empty(rig.Remote.Received);
    }

    [Fact]
    public async Task An_approval_header_naming_another_approval_than_meta_is_an_invalid_request_and_nothing_is_forwarded()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var held = await HeldAsync(client, new() { ["repo"] = "hello", ["number"] = 9 });
        await rig.Host.DecideApprovalAsync("acme", "alice", held);
        using var request = Post(session, CloseIssue(9, meta: "apr_someotherapproval"));
        request.Headers.Add("Latchkey-Approval", held);

        using var response = await rig.Host.Client.SendAsync(request);

        AssertInvalidRequest(await response.Content.ReadAsStringAsync());
        Assert.Empty(rig.Remote.ToolsCalled);
        var result = await CallWithMetaAsync(client, held, 9);
        Assert.Equal("closed hello#9", Text(result));
    }

    private static void AssertInvalidRequest(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
        Assert.Equal("invalid_request", error.GetProperty("data").GetProperty("error").GetString());
    }

    private static string CloseIssue(int number, string? meta) =>
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"close_issue\",\"arguments\":{\"repo\":\"hello\",\"number\":"
        + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"
        + (meta is null ? string.Empty : ",\"_meta\":{\"latchkey/approval_id\":\"" + meta + "\"}") + "}}";

    private static HttpRequestMessage Post(CreatedSession session, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/remote/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.Token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    /// <summary>Calls close_issue, which must be held; returns the approval id the error message names.</summary>
    internal static async Task<string> HeldAsync(McpClient client, Dictionary<string, object?> arguments)
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("close_issue", arguments).AsTask());
        Assert.Equal(-32001, (int)error.ErrorCode);
        Assert.Contains("approval_required", error.Message, StringComparison.Ordinal);
        return ApprovalId().Match(error.Message) is { Success: true } match ? match.Value : throw new Xunit.Sdk.XunitException("no approval id in: " + error.Message);
    }

    private static Task<CallToolResult> CallWithMetaAsync(McpClient client, string approvalId, int number) =>
        client.CallToolAsync(new CallToolRequestParams
        {
            Name = "close_issue",
            Arguments = new Dictionary<string, JsonElement>
            {
                ["repo"] = JsonSerializer.SerializeToElement("hello"),
                ["number"] = JsonSerializer.SerializeToElement(number),
            },
            Meta = new JsonObject { ["latchkey/approval_id"] = approvalId },
        }).AsTask();

    [GeneratedRegex("apr_[A-Za-z0-9_-]+")]
    private static partial Regex ApprovalId();

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
