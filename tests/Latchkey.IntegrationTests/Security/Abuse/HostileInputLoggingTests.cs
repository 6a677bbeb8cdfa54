using System.Text;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.IntegrationTests.Mcp;
using Latchkey.IntegrationTests.Mcp.Remote;

namespace Latchkey.IntegrationTests.Security.Abuse;

/// <summary>
/// Puts one marker into every input a caller controls that is not a documented audit field
/// (bodies, query strings, header values, cookies, bearer values, callback parameters, JSON-RPC
/// messages, requests Kestrel rejects) on every surface (data plane, management API, OAuth
/// callback and link pages, Slack callback, pages, <c>/mcp</c>), then searches everything
/// Latchkey emitted. A framework log line that quotes its input (as ASP.NET's OIDC handler does)
/// fails here, whichever category it comes from.
/// </summary>
public sealed class HostileInputLoggingTests(McpRig rig, RemoteMcpRig remote) : IClassFixture<McpRig>, IClassFixture<RemoteMcpRig>
{
    private const string Marker = "HOSTILEb7c41e";

    // An argument value the schema refuses by size: error messages of schema validators like to quote it.
    private const string NumericMarker = "4707139911";

    [Fact]
    public async Task No_marker_from_a_body_query_header_cookie_token_or_callback_reaches_a_log_or_audit_line()
    {
        var session = await rig.NewSessionAsync();
        var admin = rig.Host.Jwt.Issue("acme", "alice", "latchkey.admin");
        var security = rig.Host.Jwt.Issue("acme", "sec", "latchkey.security");
        var strangerJwt = new TestJwt().Issue("acme", Marker);
        var answers = new List<string>();

        Task SendAsync(HttpMethod method, string target, string? bearer, HttpContent? content = null, params (string Name, string Value)[] headers) =>
            SendAndNoteAsync(rig.Host.Client, answers, method, target, bearer, content, headers);

        // Data plane: an allowed request and a refused one, hostile everywhere but the path.
        (string, string)[] hostileHeaders =
        [
            ("User-Agent", Marker), ("X-Forwarded-For", Marker), ("X-Real-IP", Marker), ("traceparent", "00-" + Marker + "-01"),
            ("Cookie", "sid=" + Marker), ("X-Api-Key", Marker), ("Referer", "https://" + Marker + ".example/"),
            ("Latchkey-Request-Id", Marker), ("X-Request-Id", Marker), ("Accept-Language", Marker),
        ];
        await SendAsync(HttpMethod.Get, "/github/repos/octo/hello/issues?state=" + Marker, session.Token, null, hostileHeaders);
        await SendAsync(HttpMethod.Post, "/slack/chat.postMessage?x=" + Marker, session.Token, Json($$$$"""{"channel":"C1","text":"{{{{Marker}}}}"}"""), hostileHeaders);
        await SendAsync(HttpMethod.Delete, "/github/repos/octo/hello?x=" + Marker, session.Token, Json($$$$"""{"{{{{Marker}}}}":1}"""), hostileHeaders);
        await SendAsync(HttpMethod.Get, "/github/repos/octo/hello/issues", Marker);
        await SendAsync(HttpMethod.Get, "/github/repos/octo/hello/issues", "lk_" + Marker);

        // Management API: bad bearers, bad bodies, queries.
        await SendAsync(HttpMethod.Get, "/v1/sessions?filter=" + Marker, admin);
        await SendAsync(HttpMethod.Get, "/v1/sessions", Marker);
        await SendAsync(HttpMethod.Get, "/v1/sessions", strangerJwt);
        await SendAsync(HttpMethod.Post, "/v1/sessions", admin, Json($$$$"""{"agent_id":"bot","scopes":["github.read"],"{{{{Marker}}}}":1}"""));
        await SendAsync(HttpMethod.Post, "/v1/sessions", admin, Json($$$$"""{"agent_id":"bot","scopes":["github.read"],"ttl_seconds":"{{{{Marker}}}}"}"""));
        await SendAsync(HttpMethod.Post, "/v1/sessions", admin, Json("not json " + Marker));
        await SendAsync(HttpMethod.Post, "/v1/sessions", admin, Json($$$$"""{"agent_id":"bot","scopes":["github.read"],"agent_id":"{{{{Marker}}}}"}"""));
        await SendAsync(HttpMethod.Post, "/v1/connections/github", admin, Json($$$$"""{"scopes":{"{{{{Marker}}}}":true}}"""));
        await SendAsync(HttpMethod.Post, "/v1/rules/explain", security, Json($$$$"""{"provider":"github","method":"GET","path":"/repos/o/r/issues","scopes":["github.read"],"headers":{"X-Note":"{{{{Marker}}}}"},"body":{"note":"{{{{Marker}}}}"}}"""));
        await SendAsync(HttpMethod.Get, "/v1/approvals?status=" + Marker, admin);

        // OAuth callback and link pages, Slack's callback: public, so anyone writes them.
        await SendAsync(HttpMethod.Get, $"/oauth/callback?code={Marker}&state={Marker}", null);
        await SendAsync(HttpMethod.Get, $"/oauth/callback?error=access_denied&error_description={Marker}&error_uri=https://{Marker}.example/&state={Marker}", null);
        await SendAsync(HttpMethod.Get, "/oauth/connect/" + Marker, null, null, ("Cookie", "latchkey_connect=" + Marker));
        await SendAsync(HttpMethod.Post, "/oauth/connect/" + Marker, null, new FormUrlEncodedContent([new("proof", Marker)]));
        await SendAsync(HttpMethod.Post, "/v1/approvals/slack/actions", null, new FormUrlEncodedContent([new("payload", $$$$"""{"type":"block_actions","user":{"id":"{{{{Marker}}}}"}}""")]),
            ("X-Slack-Signature", "v0=" + Marker), ("X-Slack-Request-Timestamp", Marker));

        // The pages: forged cookies and forms without antiforgery.
        await SendAsync(HttpMethod.Get, "/v1/ui/approvals", null, null, ("Cookie", $"latchkey_ui={Marker}; latchkey_ui_session={Marker}"));
        await SendAsync(HttpMethod.Post, "/v1/ui/login", null, new FormUrlEncodedContent([new("token", Marker)]));
        await SendAsync(HttpMethod.Post, "/v1/ui/logout", null, new FormUrlEncodedContent([new("__RequestVerificationToken", Marker)]), ("Cookie", "latchkey_ui=" + Marker));

        // /mcp: invalid arguments, an unknown method, broken JSON, a forged session header.
        (string, string)[] mcpHeaders = [("Accept", "application/json, text/event-stream")];
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json($$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"github_list_issues","arguments":{"owner":"{{{{Marker}}}}","repo":7}}}"""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json($$$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slack_post_message","arguments":{"channel":"C1","text":"{{{{Marker}}}}","extra":"{{{{Marker}}}}"}}}"""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json($$$$"""{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"github_list_issues","arguments":{"owner":"octo","repo":"hello","per_page":{{{{NumericMarker}}}}}}}"""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json($$$$"""{"jsonrpc":"2.0","id":"{{{{Marker}}}}","method":"resources/read","params":{"uri":"{{{{Marker}}}}"}}"""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json($$$$"""{"jsonrpc":"2.0","id":7,"method":"{{{{Marker}}}}/list","params":{}}"""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":""" + "\"" + Marker + "\""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", Marker, Json("""{"jsonrpc":"2.0","id":4,"method":"tools/list"}"""), mcpHeaders);
        await SendAsync(HttpMethod.Post, "/mcp", session.Token, Json("""{"jsonrpc":"2.0","id":5,"method":"tools/list"}"""),
            [.. mcpHeaders, ("Mcp-Session-Id", Marker), ("MCP-Protocol-Version", Marker)]);

        // Requests Kestrel refuses before the app runs: a record is kept, the bytes are not.
        await RawHttp.SendRawAsync(rig.Host.BaseAddress, Encoding.Latin1.GetBytes(
            $"POST /github/x?{Marker} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\nX-Note: {Marker}\r\n\r\nab"));
        await RawHttp.SendRawAsync(rig.Host.BaseAddress, Encoding.Latin1.GetBytes(
            $"GET /github/x?{Marker} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: {Marker}\r\n\r\n"));
        await RawHttp.SendRawAsync(rig.Host.BaseAddress, Encoding.Latin1.GetBytes(
            $"GET /github/x HTTP/1.1\r\nHost: x\r\nX-Big: {Marker}{new string('a', 40_000)}\r\n\r\n"));

        await AssertMarkerNowhereAsync(rig.Host, answers);

        // What is logged instead of the client's input (mcp.md): Latchkey's own line, the tool and the field only.
        var lines = (await rig.Host.EmittedTextAsync()).Split('\n');
        Assert.Contains(lines, l => l.Contains("\"Name\":\"ToolArgumentsInvalid\"", StringComparison.Ordinal)
            && l.Contains("\"Tool\":\"github_list_issues\"", StringComparison.Ordinal) && l.Contains("\"Field\":\"/repo\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_marker_from_a_json_rpc_message_or_header_sent_to_a_remote_mcp_server_reaches_a_log_or_audit_line()
    {
        var session = await remote.NewSessionAsync();
        var answers = new List<string>();
        (string, string)[] headers = [("Accept", "application/json, text/event-stream"), ("User-Agent", Marker)];

        Task SendAsync(string body, params (string Name, string Value)[] extra) =>
            SendAndNoteAsync(remote.Host.Client, answers, HttpMethod.Post, "/remote/mcp", session.Token, Json(body), [.. headers, .. extra]);

        await SendAsync($$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_issues","arguments":{"owner":"octo","repo":"hello","note":"{{{{Marker}}}}"}}}""");
        await SendAsync($$$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_repo","arguments":{"repo":"{{{{Marker}}}}"}}}""");
        await SendAsync($$$$"""[{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_issues","arguments":{"repo":"{{{{Marker}}}}"}}},{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"arguments":"{{{{Marker}}}}"}}]""");
        await SendAsync($$$$"""{"jsonrpc":"2.0","id":"{{{{Marker}}}}","method":"resources/read","params":{"uri":"{{{{Marker}}}}"}}""");
        await SendAsync($$$$"""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"list_issues","arguments":{"repo":"a","repo":"{{{{Marker}}}}"}}}""");
        await SendAsync("""{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":""" + "\"" + Marker);
        await SendAsync("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", ("Mcp-Session-Id", Marker), ("MCP-Protocol-Version", Marker));
        await SendAsync($$$$"""{"jsonrpc":"2.0","id":8,"result":{"note":"{{{{Marker}}}}"}}""");

        await AssertMarkerNowhereAsync(remote.Host, answers);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task SendAndNoteAsync(
        HttpClient client, List<string> answers, HttpMethod method, string target, string? bearer, HttpContent? content, (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, target) { Content = content };
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await client.SendAsync(request);
        answers.Add($"{method} {target.Split('?')[0]} -> {(int)response.StatusCode}");
    }

    private static async Task AssertMarkerNowhereAsync(LatchkeyTestHost host, List<string> answers)
    {
        var emitted = await host.EmittedTextAsync();
        Assert.True(emitted.Contains("latchkey.request", StringComparison.Ordinal), "the requests left no audit events at all");
        var at = new[] { Marker, NumericMarker }.Select(m => emitted.IndexOf(m, StringComparison.Ordinal)).FirstOrDefault(i => i >= 0, -1);
        Assert.True(at < 0, $"the marker reached the logs or the audit stream after {string.Join("; ", answers)}: …{Around(emitted, at)}…");
    }

    private static string Around(string text, int index) =>
        index < 0 ? string.Empty : text[Math.Max(0, index - 300)..Math.Min(text.Length, index + 100)];
}
