using System.Text;
using Latchkey.Mcp.Remote;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Mcp.Remote;

/// <summary>
/// The tools/list filter in front of the agent's response body: the server's JSON answer is kept
/// and filtered, its SSE stream filtered event by event as the events arrive, anything else with a
/// body refused, anything over the bound ends the response, and Latchkey's own answers pass.
/// </summary>
public sealed class ToolListFilterStreamTests
{
    private const string ToolsAnswer = """{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"kept"},{"name":"removed"}]}}""";
    private const string FilteredAnswer = """{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"kept"}]}}""";

    [Fact]
    public async Task A_json_answer_is_kept_until_it_ends_and_written_filtered_without_the_servers_length()
    {
        var (response, inner, filter) = Rig("application/json", contentLength: ToolsAnswer.Length);

        await Write(filter, ToolsAnswer[..20]);
        Assert.Equal(0, inner.Length);
        await Write(filter, ToolsAnswer[20..]);
        await filter.CompleteAsync(CancellationToken.None);

        Assert.Equal(FilteredAnswer, Encoding.UTF8.GetString(inner.ToArray()));
        Assert.Null(response.ContentLength);
    }

    [Fact]
    public async Task Sse_events_are_filtered_one_by_one_and_written_as_each_ends()
    {
        var (_, inner, filter) = Rig("text/event-stream");

        await Write(filter, "event: message\r\nid: 1\r\ndata: " + ToolsAnswer[..30]);
        Assert.Equal(0, inner.Length);
        await Write(filter, ToolsAnswer[30..] + "\r\n\r");
        var first = Encoding.UTF8.GetString(inner.ToArray());
        Assert.Equal("event: message\nid: 1\ndata: " + FilteredAnswer + "\n\n", first);

        await Write(filter, "\n: keep-alive\n\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\ndata: not json\n\ndata:\n\n");

        Assert.Equal(
            first + ": keep-alive\n\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\ndata:\n\n",
            Encoding.UTF8.GetString(inner.ToArray()));
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_first_sse_line_does_not_hide_its_data()
    {
        var (_, inner, filter) = Rig("text/event-stream");

        await filter.WriteAsync(new byte[] { 0xEF, 0xBB });
        await filter.WriteAsync(new byte[] { 0xBF });
        await Write(filter, "data: " + ToolsAnswer + "\n\n");

        Assert.Equal("data: " + FilteredAnswer + "\n\n", Encoding.UTF8.GetString(inner.ToArray()));
    }

    [Theory]
    [InlineData("application/json", "gzip")]
    [InlineData("application/json, text/plain", null)]
    [InlineData("text/plain; x=application/json", null)]
    [InlineData("text/html", null)]
    public async Task An_answer_that_is_compressed_or_of_another_type_is_refused_with_a_json_rpc_error(string contentType, string? encoding)
    {
        var (response, inner, filter) = Rig(contentType, encoding: encoding, idJson: "\"q\"");

        filter.Decide();
        await Write(filter, ToolsAnswer);
        await Write(filter, ToolsAnswer);
        await filter.CompleteAsync(CancellationToken.None);

        Assert.Equal(StatusCodes.Status502BadGateway, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(0, response.Headers.ContentEncoding.Count);
        var body = Encoding.UTF8.GetString(inner.ToArray());
        Assert.StartsWith("""{"jsonrpc":"2.0","id":"q","error":{"code":-32603""", body, StringComparison.Ordinal);
        Assert.DoesNotContain("removed", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    public async Task An_answer_or_event_over_the_bound_ends_the_response(string contentType)
    {
        var (_, inner, filter) = Rig(contentType, limit: 64);
        var prefix = contentType == "text/event-stream" ? "data: " : string.Empty;

        await Assert.ThrowsAsync<IOException>(() => Write(filter, prefix + ToolsAnswer));
        Assert.Equal(0, inner.Length);
    }

    [Fact]
    public async Task Latchkeys_own_answer_passes_as_written()
    {
        var (response, inner, filter) = Rig("application/json", fromUpstream: false, contentLength: 12);

        await Write(filter, """{"error":{}}""");
        await filter.CompleteAsync(CancellationToken.None);

        Assert.Equal("""{"error":{}}""", Encoding.UTF8.GetString(inner.ToArray()));
        Assert.Equal(12, response.ContentLength);
    }

    private static (HttpResponse Response, MemoryStream Inner, ToolListFilterStream Filter) Rig(
        string contentType, string? encoding = null, bool fromUpstream = true, long? contentLength = null, int limit = 4096, string? idJson = "1")
    {
        var context = new DefaultHttpContext();
        var inner = new MemoryStream();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.ContentType = contentType;
        context.Response.ContentLength = contentLength;
        if (encoding is not null)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }

        var filter = new ToolListFilterStream(inner, context.Response, () => fromUpstream, name => name == "kept", limit, idJson);
        return (context.Response, inner, filter);
    }

    private static Task Write(Stream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();
}
