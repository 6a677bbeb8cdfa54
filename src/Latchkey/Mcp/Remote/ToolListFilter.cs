using System.Buffers;
using System.Text.Json;
using Latchkey.Rules.Conditions;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// Cuts a remote MCP server's <c>tools/list</c> answer down to the tools a session may call: every
/// message is read with the same strict reader as agents' messages (escapes resolved, no member
/// twice, UTF-8), so the list judged is the list the client reads; a JSON-RPC message, or each
/// message of an array of them, whose <c>result.tools</c> is an array keeps only the entries whose
/// <c>name</c> <see cref="McpMessageJudge.IsVisible"/> accepts; everything else about it is written
/// back as it was. What cannot be read strictly is never passed on unread. Pure.
/// </summary>
internal static class ToolListFilter
{
    /// <summary>What became of one message.</summary>
    public enum Result
    {
        /// <summary>Read strictly and holds no tools list: pass the bytes on as they are.</summary>
        Unchanged,

        /// <summary>Holds a tools list, rewritten into the output.</summary>
        Filtered,

        /// <summary>Cannot be read strictly, so could hide a tools list: it must not reach the agent.</summary>
        Unreadable,
    }

    /// <param name="contentType">The Content-Type the client reads the message by (its charset must be UTF-8).</param>
    public static Result Filter(ReadOnlySpan<byte> message, string contentType, Func<string, bool> visible, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(visible);
        using var body = StrictJsonBody.Read(message.ToArray(), contentType, default);
        if (!body.IsReadable)
        {
            return Result.Unreadable;
        }

        var root = body.Root;
        if (root.ValueKind == JsonValueKind.Array)
        {
            // JSON-RPC batch answers: each element is judged as a message of its own.
            if (!root.EnumerateArray().Any(HoldsToolsList))
            {
                return Result.Unchanged;
            }

            using var batch = new Utf8JsonWriter(output);
            batch.WriteStartArray();
            foreach (var element in root.EnumerateArray())
            {
                WriteMessage(batch, element, visible);
            }

            batch.WriteEndArray();
            return Result.Filtered;
        }

        if (!HoldsToolsList(root))
        {
            return Result.Unchanged;
        }

        using var writer = new Utf8JsonWriter(output);
        WriteMessage(writer, root, visible);
        return Result.Filtered;
    }

    private static bool HoldsToolsList(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
        && result.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array;

    private static void WriteMessage(Utf8JsonWriter writer, JsonElement message, Func<string, bool> visible)
    {
        if (!HoldsToolsList(message))
        {
            message.WriteTo(writer);
            return;
        }

        // The strict reader refused any member given twice, so "result" and "tools" are found once.
        writer.WriteStartObject();
        foreach (var property in message.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (property.NameEquals("result"))
            {
                WriteResult(writer, property.Value, visible);
            }
            else
            {
                property.Value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, JsonElement result, Func<string, bool> visible)
    {
        writer.WriteStartObject();
        foreach (var property in result.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (!property.NameEquals("tools"))
            {
                property.Value.WriteTo(writer);
                continue;
            }

            writer.WriteStartArray();
            foreach (var tool in property.Value.EnumerateArray())
            {
                if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("name", out var name)
                    && name.ValueKind == JsonValueKind.String && visible(name.GetString()!))
                {
                    tool.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
