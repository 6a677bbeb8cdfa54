namespace Latchkey.Mcp.Remote;

/// <summary>What one JSON-RPC message an agent sends to a remote MCP server is.</summary>
internal enum McpMessageKind
{
    /// <summary>A call with an id, which the server answers.</summary>
    Request,

    /// <summary>A call without an id, which the server does not answer.</summary>
    Notification,

    /// <summary>The agent's answer (result or error) to a request the server sent it (sampling, elicitation, roots).</summary>
    Response,
}
