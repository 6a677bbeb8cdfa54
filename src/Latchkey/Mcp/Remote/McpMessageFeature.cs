namespace Latchkey.Mcp.Remote;

/// <summary>
/// The agent's JSON-RPC message on a request to a remote MCP server, for the error writer: a
/// refusal answers the message's id as a JSON-RPC error (<see cref="Hosting.Errors.JsonRpcErrorEnvelope"/>).
/// </summary>
/// <param name="IdJson">The id's JSON text; null for a notification, an answer, a GET or DELETE, or an unreadable body.</param>
internal sealed record McpMessageFeature(string? IdJson)
{
    /// <summary>The message when it is a <c>tools/call</c>, for the approval gate (readable until the response ends); else null.</summary>
    public McpMessage? ToolCall { get; init; }
}
