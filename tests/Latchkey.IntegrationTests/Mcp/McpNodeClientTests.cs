using Latchkey.IntegrationTests.Sdks;

namespace Latchkey.IntegrationTests.Mcp;

/// <summary>
/// Latchkey's MCP server driven by the official TypeScript SDK (<c>@modelcontextprotocol/sdk</c>,
/// exact version in tests/sdk-clients/package-lock.json, script mcp.mjs): listing, a forwarded
/// call, a refusal, invalid arguments, a held call retried after approval and a connect link,
/// each checked against what the fake providers received and the audit stream.
/// </summary>
public sealed class McpNodeClientTests(McpRig rig) : IClassFixture<McpRig>
{
    [Fact]
    public async Task Typescript_sdk_lists_the_tools_the_rules_grant()
    {
        var session = await rig.NewSessionWithScopesAsync("github.read", "slack.read");

        var result = await NodeScript.RunAsync(rig, session, "mcp.mjs", "list");

        Assert.Equal(["github_list_issues", "slack_list_channels"], result.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("latchkey", result.GetProperty("serverName").GetString());
    }

    [Fact]
    public async Task Typescript_sdk_call_is_forwarded_with_the_injected_credential()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "mcp.mjs", "listIssues");

        Assert.False(result.GetProperty("isError").GetBoolean(), result.ToString());
        Assert.Contains("\"title\":\"issue 1\"", result.GetProperty("text").GetString(), StringComparison.Ordinal);
        await rig.AssertForwardedAsync(session, "github", ["github.issues.list"]);
    }

    [Fact]
    public async Task Typescript_sdk_gets_a_tool_error_for_a_route_the_rules_refuse()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "mcp.mjs", "refused");

        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal("route_denied", result.GetProperty("structured").GetProperty("error").GetString());
        await rig.AssertRefusedOnceAsync(session, "route_denied");
    }

    [Fact]
    public async Task Typescript_sdk_gets_invalid_params_naming_the_field()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "mcp.mjs", "invalid");

        Assert.True(result.GetProperty("thrown").GetBoolean());
        Assert.Equal(-32602, result.GetProperty("code").GetInt32());
        Assert.Contains("'/id'", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        await rig.AssertRefusedOnceAsync(session, "invalid_request");
    }

    [Fact]
    public async Task Typescript_sdk_held_call_runs_when_retried_with_the_approval_id()
    {
        var session = await rig.NewSessionAsync();

        var held = await NodeScript.RunAsync(rig, session, "mcp.mjs", "createIssue");
        var approvalId = held.GetProperty("structured").GetProperty("approval_id").GetString()!;
        Assert.Equal("approval_required", held.GetProperty("structured").GetProperty("error").GetString());
        Assert.Empty(rig.Fake.Received);
        await rig.ApproveAsync(approvalId);

        var retried = await NodeScript.RunAsync(rig, session, "mcp.mjs", "createIssue", approvalId);

        Assert.False(retried.GetProperty("isError").GetBoolean(), retried.ToString());
        Assert.Single(rig.Fake.Received);
    }

    [Fact]
    public async Task Typescript_sdk_held_call_runs_when_made_again_with_the_same_arguments()
    {
        var session = await rig.NewSessionAsync();

        var held = await NodeScript.RunAsync(rig, session, "mcp.mjs", "createIssue");
        var approvalId = held.GetProperty("structured").GetProperty("approval_id").GetString()!;
        var stillHeld = await NodeScript.RunAsync(rig, session, "mcp.mjs", "createIssue");
        Assert.Equal(approvalId, stillHeld.GetProperty("structured").GetProperty("approval_id").GetString());
        Assert.Empty(rig.Fake.Received);
        await rig.ApproveAsync(approvalId);

        var retried = await NodeScript.RunAsync(rig, session, "mcp.mjs", "createIssue");

        Assert.False(retried.GetProperty("isError").GetBoolean(), retried.ToString());
        Assert.Single(rig.Fake.Received);
    }

    [Fact]
    public async Task Typescript_sdk_gets_the_connect_link_for_an_unconnected_user()
    {
        var session = await rig.NewUnconnectedSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "mcp.mjs", "channels");

        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.StartsWith(rig.LatchkeyUrl + "/", result.GetProperty("structured").GetProperty("authorize_url").GetString(), StringComparison.Ordinal);
        await rig.AssertRefusedOnceAsync(session, "connection_required");
    }
}
