using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp;

/// <summary>
/// Latchkey's MCP server (<c>/mcp</c>) driven by the official C# SDK client: tools are listed as
/// the rules grant them, a call is forwarded through the data plane with the injected credential
/// and audited with its tool and arguments' hash, and every refusal (rules, arguments, approval,
/// connection) comes back to the client in MCP's own terms with nothing forwarded.
/// </summary>
public sealed class McpCsharpClientTests(McpRig rig) : IClassFixture<McpRig>
{
    [Fact]
    public async Task Tools_listed_are_those_the_rules_grant_the_session()
    {
        var full = await rig.NewSessionAsync();
        await using (var client = await McpClients.ConnectAsync(rig, full))
        {
            var tools = await client.ListToolsAsync();
            Assert.Equal(McpConfigs.GrantedTools.Order(), tools.Select(t => t.Name).Order());
            var listIssues = tools.Single(t => t.Name == "github_list_issues");
            Assert.Contains("owner", listIssues.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        }

        var readOnly = await rig.NewSessionWithScopesAsync("github.read");
        await using var narrow = await McpClients.ConnectAsync(rig, readOnly);
        Assert.Equal(["github_list_issues"], (await narrow.ListToolsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Call_is_forwarded_with_the_injected_credential_projected_and_audited_with_tool_and_hash()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);

        var result = await client.CallToolAsync("github_list_issues", new Dictionary<string, object?> { ["repo"] = "hello", ["owner"] = "octo", ["state"] = "open" });

        Assert.NotEqual(true, result.IsError);
        using var issues = JsonDocument.Parse(Text(result));
        var first = issues.RootElement[0];
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal("issue 1", first.GetProperty("title").GetString());
        Assert.False(first.TryGetProperty("url", out _), "fields the tool does not name are projected away");
        var received = Assert.Single(rig.Fake.Received);
        Assert.Equal("/github/repos/octo/hello/issues?state=open", received.PathAndQuery);
        await rig.AssertForwardedAsync(session, "github", ["github.issues.list"]);

        // The audit barrier's own refusal is in the stream now too: pick the tool call's record.
        var audit = Assert.Single(await rig.AuditEventsAsync(session), e => e.TryGetProperty("Tool", out _));
        Assert.Equal("github_list_issues", audit.GetProperty("Tool").GetString());
        Assert.Equal(Sha256("""{"owner":"octo","repo":"hello","state":"open"}"""), audit.GetProperty("ArgumentsHash").GetString());
        await AssertNoSecretsLoggedAsync(session, "state=open");
    }

    [Fact]
    public async Task Body_arguments_reach_the_provider_and_never_the_audit_stream()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        const string Text = "quarterly numbers attached 7f3c";

        var result = await client.CallToolAsync("slack_post_message", new Dictionary<string, object?> { ["channel"] = "C1", ["text"] = Text });

        Assert.NotEqual(true, result.IsError);
        Assert.Contains("\"ts\":\"1700000000.000100\"", McpCsharpClientTests.Text(result), StringComparison.Ordinal);
        var received = Assert.Single(rig.Fake.Received);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(Text, body.RootElement.GetProperty("text").GetString());
        Assert.False(body.RootElement.TryGetProperty("thread_ts", out _), "an absent optional argument is left out of the body");
        await rig.AssertForwardedAsync(session, "slack", ["slack.post"]);
        await AssertNoSecretsLoggedAsync(session, Text);
    }

    [Fact]
    public async Task Gmail_send_builds_the_raw_message_from_the_arguments()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);

        var result = await client.CallToolAsync("gmail_send_message", new Dictionary<string, object?>
        {
            ["to"] = "bob@example.com",
            ["subject"] = "Grüße",
            ["text"] = "see you at 10",
        });

        Assert.NotEqual(true, result.IsError);
        using var body = JsonDocument.Parse(Assert.Single(rig.Fake.Received).Body);
        var raw = body.RootElement.GetProperty("raw").GetString()!;
        var message = Encoding.UTF8.GetString(Convert.FromBase64String(raw.Replace('-', '+').Replace('_', '/').PadRight((raw.Length + 3) / 4 * 4, '=')));
        Assert.Contains("To: bob@example.com\r\n", message, StringComparison.Ordinal);
        Assert.Contains("Subject: =?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Grüße")) + "?=\r\n", message, StringComparison.Ordinal);
        await rig.AssertForwardedAsync(session, "google", ["mail.send"]);
    }

    [Fact]
    public async Task Call_the_rules_refuse_is_a_tool_error_and_reaches_no_provider()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);

        var result = await client.CallToolAsync("github_comment_on_issue", new Dictionary<string, object?>
        {
            ["owner"] = "octo",
            ["repo"] = "hello",
            ["number"] = 1,
            ["body"] = "+1",
        });

        Assert.True(result.IsError);
        Assert.Contains("route_denied", Text(result), StringComparison.Ordinal);
        var refusal = await rig.AssertRefusedOnceAsync(session, "route_denied");
        Assert.Equal("github_comment_on_issue", refusal.GetProperty("Tool").GetString());
        Assert.Equal(403, refusal.GetProperty("Status").GetInt32());
    }

    [Theory]
    [InlineData("gmail_read_message", """{"id":"../settings"}""", "/id")]
    [InlineData("github_list_issues", """{"owner":"octo","repo":"hello","per_page":1000}""", "/per_page")]
    [InlineData("github_list_issues", """{"owner":"octo"}""", "repo")]
    [InlineData("slack_post_message", """{"channel":"C1","text":"hi","bcc":"x"}""", "bcc")]
    public async Task Invalid_arguments_are_a_json_rpc_error_naming_the_field_and_nothing_is_forwarded(string tool, string arguments, string field)
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var parsed = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(tool, parsed).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        var refusal = await rig.AssertRefusedOnceAsync(session, "invalid_request");
        Assert.Equal(tool, refusal.GetProperty("Tool").GetString());
    }

    [Fact]
    public async Task Held_call_returns_its_approval_id_and_runs_once_when_retried_with_it_after_approval()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);
        var arguments = new Dictionary<string, object?> { ["owner"] = "octo", ["repo"] = "hello", ["title"] = "crash on start" };

        var held = await client.CallToolAsync("github_create_issue", arguments);

        Assert.True(held.IsError);
        var approvalId = held.StructuredContent!.Value.GetProperty("approval_id").GetString()!;
        Assert.Contains(approvalId, Text(held), StringComparison.Ordinal);
        Assert.Contains("latchkey_approval_id", Text(held), StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Received);

        await rig.ApproveAsync(approvalId);

        var otherArguments = new Dictionary<string, object?>(arguments) { ["title"] = "something else", ["latchkey_approval_id"] = approvalId };
        var mismatch = await client.CallToolAsync("github_create_issue", otherArguments);
        Assert.True(mismatch.IsError);
        Assert.Contains("approval_mismatch", Text(mismatch), StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Received);

        var retried = await client.CallToolAsync("github_create_issue", new Dictionary<string, object?>(arguments) { ["latchkey_approval_id"] = approvalId });
        Assert.NotEqual(true, retried.IsError);
        using var body = JsonDocument.Parse(Assert.Single(rig.Fake.Received).Body);
        Assert.Equal("crash on start", body.RootElement.GetProperty("title").GetString());

        var again = await client.CallToolAsync("github_create_issue", new Dictionary<string, object?>(arguments) { ["latchkey_approval_id"] = approvalId });
        Assert.Contains("approval_used", Text(again), StringComparison.Ordinal);
        Assert.Single(rig.Fake.Received);
    }

    [Fact]
    public async Task Unconnected_user_gets_a_tool_error_with_the_connect_link()
    {
        var session = await rig.NewUnconnectedSessionAsync();
        await using var client = await McpClients.ConnectAsync(rig, session);

        var result = await client.CallToolAsync("slack_list_channels", new Dictionary<string, object?>());

        Assert.True(result.IsError);
        var link = result.StructuredContent!.Value.GetProperty("authorize_url").GetString()!;
        Assert.StartsWith(rig.LatchkeyUrl + "/", link, StringComparison.Ordinal);
        Assert.Contains(link, Text(result), StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Received);
        await rig.AssertRefusedOnceAsync(session, "connection_required");
    }

    [Fact]
    public async Task Client_declaring_url_elicitation_gets_the_connect_link_as_a_url_elicitation_error()
    {
        var session = await rig.NewUnconnectedSessionAsync();
        var options = new ModelContextProtocol.Client.McpClientOptions
        {
            Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Url = new UrlElicitationCapability() } },
            Handlers = new ModelContextProtocol.Client.McpClientHandlers { ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult { Action = "decline" }) },
        };
        await using var client = await McpClients.ConnectAsync(rig, session, options);

        var error = await Assert.ThrowsAnyAsync<McpProtocolException>(() => client.CallToolAsync("slack_list_channels", new Dictionary<string, object?>()).AsTask());

        Assert.Equal(McpErrorCode.UrlElicitationRequired, error.ErrorCode);
        var elicitation = Assert.Single(Assert.IsType<UrlElicitationRequiredException>(error).Elicitations);
        Assert.StartsWith(rig.LatchkeyUrl + "/", elicitation.Url, StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Received);
        await rig.AssertRefusedOnceAsync(session, "connection_required");
    }

    [Fact]
    public async Task Mcp_endpoint_refuses_a_request_without_a_session()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "lk_not-a-session");

        using var response = await rig.Host.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    private static string Sha256(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>Nothing Latchkey shipped to Seq (audit and application events) holds the session token or <paramref name="argumentValue"/>.</summary>
    private async Task AssertNoSecretsLoggedAsync(CreatedSession session, string argumentValue)
    {
        var emitted = await rig.Host.EmittedTextAsync();
        Assert.DoesNotContain(session.Token, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(argumentValue, emitted, StringComparison.Ordinal);
    }
}
