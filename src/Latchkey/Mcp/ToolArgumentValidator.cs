using System.Text.Json.Nodes;
using Json.Schema;
using Latchkey.Config;

namespace Latchkey.Mcp;

/// <summary>
/// Checks a tool call's arguments against the tool's input schema (JsonSchema.Net): the first
/// failure names the argument (a JSON pointer such as <c>/title</c>, or the missing property)
/// and says what is wrong. JsonSchema.Net's wording may quote a number the schema refused (the
/// caller's own value, in the caller's JSON-RPC error): the message is never logged, and the MCP
/// SDK's lines that would carry it are filtered (<c>SerilogHostSetup.IsMcpClientError</c>). The arguments are evaluated as the node
/// the call built, never copied through JSON text: JsonSchema.Net's <c>JsonElement</c> overload
/// turns the element back into a node, so a document parsed for it was pure per-call cost.
/// </summary>
internal static class ToolArgumentValidator
{
    // Valid calls, nearly all of them, are only asked yes or no, which stops at the first failure
    // and collects no annotations; only an invalid one is evaluated again for the details that
    // name its field (bench/README.md: validation was ~4 % of a tool call's CPU).
    private static readonly EvaluationOptions Verdict = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Details = new() { OutputFormat = OutputFormat.List };

    public static InvalidToolArgument? Validate(ToolDefinition tool, JsonObject arguments)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        if (tool.CompiledSchema.Evaluate(arguments, Verdict).IsValid)
        {
            return null;
        }

        var results = tool.CompiledSchema.Evaluate(arguments, Details);
        var failure = results.Details?.FirstOrDefault(d => d.Errors is { Count: > 0 }) ?? results;
        var (keyword, message) = failure.Errors?.FirstOrDefault() ?? default;
        var location = failure.InstanceLocation.ToString();
        var field = keyword == "required" && MissingProperty(tool, arguments) is { } missing
            ? missing
            : location is "" or "/" ? "arguments" : location;
        return new InvalidToolArgument(field, keyword is null ? "does not match the tool's input schema" : $"{keyword}: {message}");
    }

    // The required keyword reports at the object, not at the absent property: name it.
    private static string? MissingProperty(ToolDefinition tool, JsonObject arguments) =>
        (tool.InputSchema["required"] as JsonArray)?
            .Select(r => r?.ToString())
            .FirstOrDefault(r => r is not null && !arguments.ContainsKey(r));
}
