using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Latchkey.Mcp;

namespace Latchkey.Tests.Mcp;

public sealed class ToolArgumentValidatorTests
{
    private const string Tool = TestTools.GetItem;

    [Theory]
    [InlineData("""{"id":"12"}""", null)]
    [InlineData("""{"id":"12","limit":5}""", null)]
    [InlineData("""{"limit":5}""", "id")]
    [InlineData("""{"id":"x1"}""", "/id")]
    [InlineData("""{"id":"1","limit":0}""", "/limit")]
    [InlineData("""{"id":"1","limit":"5"}""", "/limit")]
    [InlineData("""{"id":"1","extra":true}""", "/extra")]
    public void Arguments_are_checked_against_the_schema_and_a_failure_names_its_field(string arguments, string? field)
    {
        var tool = TestTools.One(Tool);

        Assert.Equal(field, ToolArgumentValidator.Validate(tool, JsonNode.Parse(arguments)!.AsObject())?.Field);
    }

    [Fact]
    public void A_reloaded_tool_validates_against_its_new_schema()
    {
        var before = TestTools.One(Tool);
        var after = TestTools.One(Tool.Replace("{1,9}", "{1,2}", StringComparison.Ordinal));
        var arguments = JsonNode.Parse("""{"id":"123"}""")!.AsObject();

        Assert.Null(ToolArgumentValidator.Validate(before, arguments));
        Assert.Equal("/id", ToolArgumentValidator.Validate(after, arguments)?.Field);
        Assert.Null(ToolArgumentValidator.Validate(before, arguments));
    }

    [Fact]
    public void Validating_allocates_less_than_evaluating_a_copy_parsed_from_json_text()
    {
        var tool = TestTools.One(Tool);
        var arguments = JsonNode.Parse("""{"id":"12","limit":5}""")!.AsObject();
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        for (var i = 0; i < 3; i++)
        {
            // Warm both paths (the schema builds its constraints on the first evaluation).
            ToolArgumentValidator.Validate(tool, arguments);
            EvaluateCopy(tool.CompiledSchema, arguments, options);
        }

        var validate = Allocated(() => ToolArgumentValidator.Validate(tool, arguments));
        var copy = Allocated(() => EvaluateCopy(tool.CompiledSchema, arguments, options));

        Assert.True(validate <= copy * 0.95, $"Validate allocated {validate} bytes, evaluating a reparsed copy {copy}");
    }

    private static void EvaluateCopy(JsonSchema schema, JsonObject arguments, EvaluationOptions options)
    {
        using var document = JsonDocument.Parse(arguments.ToJsonString());
        schema.Evaluate(document.RootElement, options);
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
