using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// Latchkey in front of a remote MCP server (<c>kind: mcp</c>, docs/mcp.md part 2), driven by the
/// official C# SDK client and by raw JSON-RPC: tools are listed and called as the rules allow, with
/// the user's token injected and the session token never passed on; refusals are JSON-RPC errors,
/// audited with the tool; streamed answers are not held back.
/// </summary>
public sealed class RemoteMcpTests(RemoteMcpRig rig) : IClassFixture<RemoteMcpRig>
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    [Fact]
    public async Task Client_lists_only_the_tools_the_rules_allow_and_calls_one_with_the_injected_credential()
    {
        var session = await rig.NewSessionAsync();
        await using (var client = await rig.ConnectAsync(session))
        {
            var tools = await client.ListToolsAsync();
            Assert.Equal(["close_issue", "create_issue", "list_issues", "slow_progress"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));

            var result = await client.CallToolAsync("list_issues", new Dictionary<string, object?> { ["repo"] = "hello", ["owner"] = "octo" });

            Assert.NotEqual(true, result.IsError);
            Assert.Contains("octo/hello", Text(result), StringComparison.Ordinal);
        }

        Assert.Equal(["list_issues"], rig.Remote.ToolsCalled);
        rig.AssertServerSawOnlyTheInjectedCredential();
        var audit = Assert.Single(await rig.AuditEventsAsync(session, e => RemoteMcpRig.Text(e, "Tool") is not null, 1));
        Assert.Equal("list_issues", RemoteMcpRig.Text(audit, "Tool"));
        Assert.Equal("remote.list", RemoteMcpRig.Text(audit, "RuleId"));
        Assert.Equal("allowed", RemoteMcpRig.Text(audit, "Decision"));
        Assert.Equal(Sha256("""{"owner":"octo","repo":"hello"}"""), RemoteMcpRig.Text(audit, "ArgumentsHash"));
    }

    [Fact]
    public async Task A_narrower_session_sees_fewer_tools()
    {
        var session = await rig.NewSessionAsync("remote.read");
        await using var client = await rig.ConnectAsync(session);

        var tools = await client.ListToolsAsync();

        Assert.Equal(["list_issues", "slow_progress"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("delete_repo", "{\"repo\":\"hello\"}", "remote.no-delete")]
    [InlineData("secret_tool", "{}", null)]
    [InlineData("create_issue", "{\"repo\":\"other\",\"title\":\"x\"}", null)]
    [InlineData("List_Issues", "{\"repo\":\"hello\",\"owner\":\"octo\"}", null)]
    public async Task A_tool_call_no_rule_allows_is_a_json_rpc_error_audited_with_the_tool_and_never_forwarded(string tool, string arguments, string? rule)
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var parsed = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(tool, parsed).AsTask());

        Assert.Equal(-32001, (int)error.ErrorCode);
        Assert.Contains("route_denied", error.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Remote.ToolsCalled);
        Assert.DoesNotContain(rig.Remote.Received, r => r.Body.Contains("tools/call", StringComparison.Ordinal));
        var audit = Assert.Single(await rig.AuditEventsAsync(session, e => RemoteMcpRig.Text(e, "Tool") is not null, 1));
        Assert.Equal(tool, RemoteMcpRig.Text(audit, "Tool"));
        Assert.Equal("denied", RemoteMcpRig.Text(audit, "Decision"));
        Assert.Equal("route_denied", RemoteMcpRig.Text(audit, "Reason"));
        Assert.Equal(rule, RemoteMcpRig.Text(audit, "RuleId"));
        Assert.Equal(Sha256(JsonSerializer.Serialize(parsed.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary())), RemoteMcpRig.Text(audit, "ArgumentsHash"));
    }

    [Fact]
    public async Task An_argument_the_condition_allows_is_forwarded()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);

        var result = await client.CallToolAsync("create_issue", new Dictionary<string, object?> { ["repo"] = "hello", ["title"] = "t" });

        Assert.Equal("created t", Text(result));
        Assert.Equal(["create_issue"], rig.Remote.ToolsCalled);
    }

    [Fact]
    public async Task Progress_streams_to_the_client_before_the_call_ends()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);
        var progressed = new TaskCompletionSource<ProgressNotificationValue>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = client.CallToolAsync("slow_progress", progress: new SyncProgress(value => progressed.TrySetResult(value))).AsTask();

        // The server holds its answer until released: the progress event can only arrive if nothing buffers the stream.
        var value = await progressed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("half way", value.Message);
        Assert.False(call.IsCompleted);
        rig.Remote.Release();
        Assert.Equal("done", Text(await call.WaitAsync(TimeSpan.FromSeconds(20))));
    }

    [Fact]
    public async Task Session_token_copies_in_other_headers_are_dropped_before_the_server()
    {
        var session = await rig.NewSessionAsync();
        using var request = Post(session, Initialize);
        request.Headers.Add("X-Agent-Token", session.Token);
        request.Headers.Add("Cookie", "s=" + session.Token);
        request.Headers.Add("Mcp-Session-Id", session.Token);
        request.Headers.Add("X-Api-Key", session.Token);

        using var response = await rig.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        rig.AssertServerSawOnlyTheInjectedCredential();
    }

    [Theory]
    [InlineData("query")]
    [InlineData("argument")]
    [InlineData("escaped argument")]
    [InlineData("meta")]
    public async Task A_session_token_in_the_query_or_the_message_is_refused_and_nothing_is_forwarded(string where)
    {
        var session = await rig.NewSessionAsync();
        var escaped = "\\u006c" + session.Token[1..];
        var (path, body) = where switch
        {
            "query" => ("/remote/mcp?token=" + session.Token, Initialize),
            "argument" => ("/remote/mcp", Call("list_issues", $$"""{"repo":"hello","owner":"{{session.Token}}"}""")),
            "escaped argument" => ("/remote/mcp", Call("list_issues", $$"""{"repo":"hello","owner":"{{escaped}}"}""")),
            _ => ("/remote/mcp", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"_meta\":{\"t\":\"" + session.Token + "\"}}}"),
        };
        using var request = Post(session, body, path);

        using var response = await rig.Host.Client.SendAsync(request);

        Assert.Contains("session_token_misplaced", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(rig.Remote.Received);
    }

    [Theory]
    [InlineData("[" + Initialize + "]", -32600, "invalid_request")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"resources/list"}""", -32001, "route_denied")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"x"}}""", -32001, "route_denied")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a","name":"delete_repo"}}""", -32600, "invalid_request")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"../x"}}""", -32600, "invalid_request")]
    public async Task Batches_unreadable_messages_and_unallowed_methods_are_refused(string body, int code, string error)
    {
        var session = await rig.NewSessionAsync();
        using var request = Post(session, body);

        using var response = await rig.Host.Client.SendAsync(request);

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(error, answer.RootElement.GetProperty("error").GetProperty("data").GetProperty("error").GetString());
        Assert.Empty(rig.Remote.Received);
    }

    [Fact]
    public async Task Other_paths_under_the_provider_are_not_forwarded()
    {
        var session = await rig.NewSessionAsync();
        using var response = await rig.Host.SendAsync(HttpMethod.Get, "/remote/admin", session.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(rig.Remote.Received);
    }

    [Theory]
    [InlineData("list_issues", "remote.read", "allowed", "remote.list")]
    [InlineData("close_issue", "remote.write", "approval_required", "remote.close")]
    [InlineData("delete_repo", "remote.write", "route_denied", "remote.no-delete")]
    public async Task Explain_answers_for_a_remote_tool_call_what_the_data_plane_decides(string tool, string scope, string decision, string rule)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rules/explain")
        {
            Content = new StringContent(
                $$"""{"provider":"remote","tool":"{{tool}}","arguments":{"repo":"hello","owner":"octo","number":1},"scopes":["{{scope}}"]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rig.Host.Jwt.Issue("acme", "sec", "latchkey.security"));

        using var response = await rig.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(decision, answer.RootElement.GetProperty("decision").GetString());
        Assert.Equal(rule, answer.RootElement.GetProperty("rule").GetString());
    }

    private static HttpRequestMessage Post(CreatedSession session, string body, string path = "/remote/mcp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    private static string Call(string tool, string arguments) =>
        $$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}}}""";

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed class SyncProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
