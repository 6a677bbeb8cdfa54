using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Rules.Conditions;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// One JSON-RPC 2.0 message from an agent to a remote MCP server, read from a strictly parsed
/// document (no duplicate keys, so the server can never read another method, tool or argument than
/// the one judged). Batches (arrays) are not messages: MCP removed them in revision 2025-06-18.
/// </summary>
internal sealed class McpMessage
{
    private readonly JsonElement _root;

    private McpMessage(McpMessageKind kind, string? method, string? idJson, string? tool, JsonElement arguments, JsonElement root = default, string? approvalId = null)
    {
        Kind = kind;
        Method = method;
        IdJson = idJson;
        Tool = tool;
        Arguments = arguments;
        _root = root;
        ApprovalId = approvalId;
    }

    public McpMessageKind Kind { get; }

    /// <summary>The JSON-RPC method; null for a <see cref="McpMessageKind.Response"/>.</summary>
    public string? Method { get; }

    /// <summary>The id as its JSON text (a string or a number), echoed in an error answer; null for a notification.</summary>
    public string? IdJson { get; }

    /// <summary>For <c>tools/call</c>: <c>params.name</c>.</summary>
    public string? Tool { get; }

    /// <summary>For <c>tools/call</c>: <c>params.arguments</c>, an object, or undefined when absent.</summary>
    public JsonElement Arguments { get; }

    /// <summary>For <c>tools/call</c>: the approval id the agent hands back in <c>params._meta["latchkey/approval_id"]</c>, if any.</summary>
    public string? ApprovalId { get; }

    /// <summary>The message, or null with a fixed reason (never echoing the message) when it is not one Latchkey forwards.</summary>
    public static McpMessage? Read(JsonElement root, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = root.ValueKind == JsonValueKind.Array
                ? "JSON-RPC batches are not accepted (MCP removed them in revision 2025-06-18): send one message per request."
                : "An MCP message must be a JSON-RPC object.";
            return null;
        }

        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            problem = "An MCP message must carry \"jsonrpc\": \"2.0\".";
            return null;
        }

        string? idJson = null;
        if (root.TryGetProperty("id", out var id))
        {
            if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                problem = "A JSON-RPC id must be a string or a number.";
                return null;
            }

            idJson = id.GetRawText();
        }

        if (!root.TryGetProperty("method", out var methodElement))
        {
            var answers = root.TryGetProperty("result", out _) ^ root.TryGetProperty("error", out _);
            problem = idJson is not null && answers ? null : "A JSON-RPC message must have a method, or an id and one of result and error.";
            return problem is null ? new McpMessage(McpMessageKind.Response, null, idJson, null, default) : null;
        }

        if (methodElement.ValueKind != JsonValueKind.String || methodElement.GetString() is not { Length: > 0 } method)
        {
            problem = "A JSON-RPC method must be a non-empty string.";
            return null;
        }

        var kind = idJson is null ? McpMessageKind.Notification : McpMessageKind.Request;
        if (method != McpMethods.ToolsCall)
        {
            return new McpMessage(kind, method, idJson, null, default);
        }

        return ReadToolCall(root, kind, idJson, out problem);
    }

    /// <summary>For <c>tools/call</c>: the call as the audit record (tool, arguments' hash) and the approver see it; absent arguments are <c>{}</c>.</summary>
    public ToolCallFeature ToolCall() =>
        ToolCallFeature.Of(Tool!, Arguments.ValueKind == JsonValueKind.Object ? JsonObject.Create(Arguments)! : []);

    /// <summary>The whole message as rules' body conditions read it (<c>/params/arguments/...</c>), to judge it again; readable while the request lasts.</summary>
    public InspectedBody AsInspectedBody() => InspectedBody.OfPart(_root);

    /// <summary>
    /// For <c>tools/call</c>: SHA-256 of the message as canonical JSON (<see cref="ToolArguments"/>)
    /// without its <c>id</c> and <c>params._meta</c>, what an approval of the call is bound to: a
    /// retry is the same call whatever its JSON-RPC id, request metadata or member order.
    /// </summary>
    public byte[] ApprovalHash()
    {
        var message = JsonObject.Create(_root)!;
        message.Remove("id");
        (message["params"] as JsonObject)?.Remove("_meta");
        return Convert.FromHexString(ToolArguments.Hash(message));
    }

    private static McpMessage? ReadToolCall(JsonElement root, McpMessageKind kind, string? idJson, out string? problem)
    {
        problem = "tools/call needs params with a tool name (1-128 characters of A-Z, a-z, 0-9, '_', '-', '.') and, if any, an arguments object.";
        if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || name.GetString() is not { } tool || !McpMethods.IsToolName(tool))
        {
            return null;
        }

        var arguments = parameters.TryGetProperty("arguments", out var argumentsGiven) ? argumentsGiven : default;
        if (arguments.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return null;
        }

        string? approvalId = null;
        if (parameters.TryGetProperty("_meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty(McpMethods.ApprovalMetaKey, out var given))
        {
            approvalId = given.ValueKind == JsonValueKind.String ? given.GetString() : null;
            if (!Approvals.ApprovalIds.IsWellFormed(approvalId))
            {
                problem = $"params._meta[\"{McpMethods.ApprovalMetaKey}\"] must be the approval id a held call returned (apr_...).";
                return null;
            }
        }

        problem = null;
        return new McpMessage(kind, McpMethods.ToolsCall, idJson, tool, arguments, root, approvalId);
    }
}
