using System.Text.Json.Nodes;

namespace Latchkey.Mcp;

/// <summary>
/// Marks a data-plane request made for an MCP tool call: the audit record carries the tool and
/// the arguments' hash, and an approval is bound to both (docs/mcp.md).
/// </summary>
/// <param name="Tool">The tool's name from tools.yaml.</param>
/// <param name="ArgumentsHash">Hex SHA-256 of the arguments' canonical JSON (<see cref="ToolArguments"/>).</param>
public sealed record ToolCallFeature(string Tool, string ArgumentsHash)
{
    /// <summary>
    /// The arguments' canonical JSON, from which an approval's masked preview is made for the
    /// approver (docs/mcp.md); never logged or audited.
    /// </summary>
    public ReadOnlyMemory<byte> Arguments { get; init; }

    /// <summary>The call of <paramref name="tool"/> with <paramref name="arguments"/>: their canonical JSON and its hash.</summary>
    internal static ToolCallFeature Of(string tool, JsonObject arguments)
    {
        var canonical = ToolArguments.Canonical(arguments);
        return new ToolCallFeature(tool, ToolArguments.Hash(canonical)) { Arguments = canonical };
    }
}
