using System.Buffers;
using System.Text;
using System.Text.Json;
using Latchkey.Mcp.Remote;

namespace Latchkey.Tests.Mcp.Remote;

/// <summary>The tools/list filter on one message: read strictly, filtered, or unreadable; never passed unread.</summary>
public sealed class ToolListFilterTests
{
    private const string Tools = """[{"name":"kept","description":"k"},{"name":"removed"},{"name":7},"not a tool"]""";

    private static readonly Func<string, bool> OnlyKept = name => name == "kept";

    [Fact]
    public void A_tools_list_keeps_the_visible_tools_and_every_other_member()
    {
        var output = new ArrayBufferWriter<byte>();

        var result = ToolListFilter.Filter(Bytes("""{"jsonrpc":"2.0","id":"a","result":{"tools":""" + Tools + ""","nextCursor":"c"}}"""), "application/json", OnlyKept, output);

        Assert.Equal(ToolListFilter.Result.Filtered, result);
        Assert.Equal("""{"jsonrpc":"2.0","id":"a","result":{"tools":[{"name":"kept","description":"k"}],"nextCursor":"c"}}""", Text(output));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"tools":{"name":"removed"}}}""")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"result":{}}]""")]
    public void A_message_without_a_tools_list_is_unchanged(string message)
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Equal(ToolListFilter.Result.Unchanged, ToolListFilter.Filter(Bytes(message), "application/json", OnlyKept, output));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void An_escaped_member_name_is_read_as_the_client_reads_it()
    {
        var output = new ArrayBufferWriter<byte>();

        var result = ToolListFilter.Filter(Bytes("""{"jsonrpc":"2.0","id":1,"r\u0065sult":{"tool\u0073":""" + Tools + "}}"), "application/json", OnlyKept, output);

        Assert.Equal(ToolListFilter.Result.Filtered, result);
        using var document = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("kept", Assert.Single(document.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public void An_array_of_messages_is_filtered_element_by_element()
    {
        var output = new ArrayBufferWriter<byte>();

        var result = ToolListFilter.Filter(
            Bytes("""[{"jsonrpc":"2.0","id":1,"result":{"tools":""" + Tools + """}},{"jsonrpc":"2.0","id":2,"result":{"x":1}}]"""), "application/json", OnlyKept, output);

        Assert.Equal(ToolListFilter.Result.Filtered, result);
        Assert.Equal("""[{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"kept","description":"k"}]}},{"jsonrpc":"2.0","id":2,"result":{"x":1}}]""", Text(output));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"tools":[]},"result":{"tools":[{"name":"removed"}]}}""", "application/json")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"tools":[],"Tools":[{"name":"removed"}]}}""", "application/json")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"removed"}]}} {}""", "application/json")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"removed"}]}}""", "application/json; charset=utf-16")]
    [InlineData("not json", "application/json")]
    [InlineData("\uFEFF{\"result\":{\"tools\":[]}}", "application/json")]
    public void A_message_that_cannot_be_read_strictly_is_unreadable(string message, string contentType)
    {
        Assert.Equal(ToolListFilter.Result.Unreadable, ToolListFilter.Filter(Bytes(message), contentType, OnlyKept, new ArrayBufferWriter<byte>()));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ArrayBufferWriter<byte> output) => Encoding.UTF8.GetString(output.WrittenSpan);
}
