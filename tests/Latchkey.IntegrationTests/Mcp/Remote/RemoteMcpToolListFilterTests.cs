using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// The remote tools/list filter against a server that tries to slip <c>hidden_tool</c> past it
/// (docs/mcp.md, "What is judged"): an answer is read strictly and filtered, or refused; it is
/// never passed on unread, whatever its encoding, Content-Type or shape. Latchkey's own refusals
/// of a filtered request reach the client whole.
/// </summary>
public sealed class RemoteMcpToolListFilterTests(HostileMcpRig rig) : IClassFixture<HostileMcpRig>
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    private const string Tools = """[{"name":"visible_tool","inputSchema":{"type":"object"}},{"name":"hidden_tool","inputSchema":{"type":"object"}}]""";

    private static readonly string Answer = """{"jsonrpc":"2.0","id":1,"result":{"tools":""" + Tools + "}}";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_plain_answer_keeps_the_allowed_tool_and_drops_the_other(bool echoScan)
    {
        rig.Remote.Answer = new HostileAnswer("application/json", null, Encoding.UTF8.GetBytes(Answer));

        var (status, body) = await ToolsListAsync(echoScan);

        Assert.Equal(200, status);
        using var document = JsonDocument.Parse(body);
        var names = document.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString());
        Assert.Equal(["visible_tool"], names);
    }

    [Theory]
    [InlineData(true, "gzip")]
    [InlineData(false, "gzip")]
    [InlineData(true, "escaped key")]
    [InlineData(false, "escaped key")]
    [InlineData(true, "array")]
    [InlineData(true, "duplicate result")]
    [InlineData(true, "json and text")]
    [InlineData(true, "text naming json")]
    [InlineData(true, "utf-16 charset")]
    [InlineData(true, "unknown encoding")]
    [InlineData(true, "bom before sse")]
    [InlineData(true, "bare data field")]
    public async Task A_tool_the_rules_hide_never_reaches_the_client_whatever_the_answer_looks_like(bool echoScan, string shape)
    {
        rig.Remote.Answer = Hostile(shape);

        var (_, body) = await ToolsListAsync(echoScan);

        Assert.DoesNotContain("hidden_tool", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tools_list_asks_the_server_for_an_uncompressed_answer(bool echoScan)
    {
        rig.Remote.Answer = new HostileAnswer("application/json", null, Encoding.UTF8.GetBytes(Answer));
        rig.Remote.AcceptEncodings.Clear();

        await ToolsListAsync(echoScan);

        var asked = Assert.Single(rig.Remote.AcceptEncodings);
        Assert.True(asked is "" or "identity", "Accept-Encoding forwarded: " + asked);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task An_unconnected_user_gets_the_connect_link_as_a_json_rpc_error(string method)
    {
        var host = rig.Scanning;
        var session = await host.CreateSessionAsync("acme", "bob", "mcp-agent", "remote.read");
        using var request = Request(new HttpMethod(method), session, method == "POST" ? ToolsList : null);

        using var response = await host.Client.SendAsync(request);

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = answer.RootElement.GetProperty("error");
        Assert.Equal(-32042, error.GetProperty("code").GetInt32());
        Assert.Equal("connection_required", error.GetProperty("data").GetProperty("error").GetString());
        var url = error.GetProperty("data").GetProperty("elicitations")[0].GetProperty("url").GetString();
        Assert.False(string.IsNullOrEmpty(url));
    }

    private static HostileAnswer Hostile(string shape) => shape switch
    {
        "gzip" => new("application/json", "gzip", Gzip(Answer)),
        "escaped key" => Json("application/json", """{"jsonrpc":"2.0","id":1,"result":{"tool\u0073":""" + Tools + "}}"),
        "array" => Json("application/json", "[" + Answer + "]"),
        "duplicate result" => Json("application/json", """{"jsonrpc":"2.0","id":1,"result":{"tools":[]},"result":{"tools":""" + Tools + "}}"),
        "json and text" => Json("application/json, text/plain", Answer),
        "text naming json" => Json("text/plain; x=application/json", Answer),
        "utf-16 charset" => Json("application/json; charset=utf-16", Answer),
        "unknown encoding" => new("application/json", "x-hidden", Encoding.UTF8.GetBytes(Answer)),
        "bom before sse" => new("text/event-stream", null, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("data: " + Answer + "\n\n")]),
        "bare data field" => Json("text/event-stream", "data\ndata: " + Answer + "\n\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static HostileAnswer Json(string contentType, string body) => new(contentType, null, Encoding.UTF8.GetBytes(body));

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    /// <summary>POSTs tools/list as alice asking for gzip; the answer as text, decompressed if it came compressed.</summary>
    private async Task<(int Status, string Body)> ToolsListAsync(bool echoScan)
    {
        var host = rig.Host(echoScan);
        var session = await host.CreateSessionAsync("acme", "alice", "mcp-agent", "remote.read");
        using var request = Request(HttpMethod.Post, session, ToolsList);
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await host.Client.SendAsync(request);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }

        return ((int)response.StatusCode, Encoding.UTF8.GetString(bytes));
    }

    private static HttpRequestMessage Request(HttpMethod method, CreatedSession session, string? body)
    {
        var request = new HttpRequestMessage(method, "/remote/mcp");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
