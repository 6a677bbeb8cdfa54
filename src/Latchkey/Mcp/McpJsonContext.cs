using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Latchkey.Mcp;

/// <summary>Source-generated JSON for the MCP part (trimming-safe serialization of schemas).</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
