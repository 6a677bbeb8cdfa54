using System.Text.Json.Nodes;
using Latchkey.Config;
using Latchkey.Mcp;

namespace Latchkey.Tests.Mcp;

public sealed class ResponseProjectorTests
{
    [Fact]
    public void Items_are_cut_to_max_items_and_to_the_named_fields()
    {
        var answer = JsonNode.Parse("""{"value":[{"id":1,"from":{"name":"A","address":"a@x"},"body":"long"},{"id":2},{"id":3}]}""");

        var projected = ResponseProjector.Project(answer, new ToolResponseProjection("value", ["id", "from.address"], 2), out var dropped);

        Assert.Equal("""[{"id":1,"from.address":"a@x"},{"id":2}]""", projected!.ToJsonString());
        Assert.Equal(1, dropped);
    }

    [Fact]
    public void Answer_without_the_expected_list_is_kept_whole_so_the_model_sees_the_error()
    {
        var answer = JsonNode.Parse("""{"ok":false,"error":"channel_not_found"}""");

        var projected = ResponseProjector.Project(answer, new ToolResponseProjection("channels", ["id"], 10), out _);

        Assert.Equal("""{"ok":false,"error":"channel_not_found"}""", projected!.ToJsonString());
    }
}
