namespace Latchkey.Approvals;

/// <summary>An MCP tool call's part of what an approval is bound to (docs/mcp.md): the tool and its arguments' hash.</summary>
/// <param name="Tool">The tool's name from tools.yaml.</param>
/// <param name="ArgumentsHash">Hex SHA-256 of the arguments' canonical JSON.</param>
internal sealed record ToolBinding(string Tool, string ArgumentsHash)
{
    /// <summary>The arguments' canonical JSON: not part of the binding (the hash is), the source of the approver's preview.</summary>
    public ReadOnlyMemory<byte> Arguments { get; init; }
}
