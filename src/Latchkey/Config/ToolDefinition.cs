using System.Text.Json.Nodes;
using Json.Schema;

namespace Latchkey.Config;

/// <summary>
/// One MCP tool from <c>tools.yaml</c> (docs/mcp.md): what the model sees (name, description,
/// input schema) and the one provider request a call maps to, which the data plane judges,
/// forwards and audits like any other.
/// </summary>
public sealed record ToolDefinition
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string Provider { get; init; }

    public required string Method { get; init; }

    /// <summary>Upstream path template; each <c>{arg}</c> is filled with one percent-encoded segment.</summary>
    public required string Path { get; init; }

    /// <summary>Query parameter name to value template, in file order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Query { get; init; }

    /// <summary>The JSON body template, or null when the request has no body.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>The input schema as written, sent to clients in <c>tools/list</c>.</summary>
    public required JsonObject InputSchema { get; init; }

    /// <summary>The same schema compiled for validating arguments.</summary>
    public required JsonSchema CompiledSchema { get; init; }

    public required ToolResponseProjection Response { get; init; }
}
