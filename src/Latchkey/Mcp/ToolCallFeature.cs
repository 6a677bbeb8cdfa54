namespace Latchkey.Mcp;

/// <summary>
/// Marks a data-plane request made for an MCP tool call: the audit record carries the tool and
/// the arguments' hash, and an approval is bound to both (docs/mcp.md).
/// </summary>
/// <param name="Tool">The tool's name from tools.yaml.</param>
/// <param name="ArgumentsHash">Hex SHA-256 of the arguments' canonical JSON (<see cref="ToolArguments"/>).</param>
public sealed record ToolCallFeature(string Tool, string ArgumentsHash);
