using System.Text;
using Latchkey.Mcp;
using ModelContextProtocol.Protocol;

namespace Latchkey.Tests.Mcp;

public sealed class ToolResultFactoryTests
{
    private const string Tool = TestTools.GetItem;

    [Fact]
    public void An_answer_carries_the_projected_json_as_text_and_as_structured_content()
    {
        var tool = TestTools.One(Tool);
        var body = Encoding.UTF8.GetBytes("""{"title":"Café <b>","owner":{"name":"ana","id":7},"secret":"x"}""");

        var result = ToolResultFactory.Answer(tool, new ToolCallOutcome(200, null, body, false, "req_1"), 10_000);

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal("""{"title":"Caf\u00E9 \u003Cb\u003E","owner.name":"ana"}""", text);
        Assert.Equal(text, result.StructuredContent!.Value.GetRawText());
        Assert.NotEqual(true, result.IsError);
    }

    [Fact]
    public void An_answer_longer_than_the_limit_is_cut_and_carries_no_structured_content()
    {
        var tool = TestTools.One(Tool);
        var body = Encoding.UTF8.GetBytes("""{"title":"a long title","owner":{"name":"ana"}}""");

        var result = ToolResultFactory.Answer(tool, new ToolCallOutcome(200, null, body, false, "req_1"), 10);

        Assert.Equal("""{"title":"…""", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Null(result.StructuredContent);
    }

    [Fact]
    public void A_list_answer_is_text_only()
    {
        var tool = TestTools.One(Tool.Replace("fields: [title, owner.name]", "items: items\n      fields: [title]", StringComparison.Ordinal));
        var body = Encoding.UTF8.GetBytes("""{"items":[{"title":"a","x":1},{"title":"b"}]}""");

        var result = ToolResultFactory.Answer(tool, new ToolCallOutcome(200, null, body, false, null), 10_000);

        Assert.Equal("""[{"title":"a"},{"title":"b"}]""", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Null(result.StructuredContent);
    }
}
