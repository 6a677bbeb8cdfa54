using System.Buffers;
using System.Text.Json;
using Latchkey.Rules.Conditions;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// Cuts a remote MCP server's <c>tools/list</c> answer down to the tools a session may call: any
/// JSON-RPC message whose <c>result.tools</c> is an array keeps only the entries whose <c>name</c>
/// <see cref="McpMessageJudge.IsVisible"/> accepts; everything else about the message is written
/// back as it was. Read with the same strict reader as agents' messages, so the list judged is the
/// list the client reads. Pure.
/// </summary>
internal static class ToolListFilter
{
    private static readonly byte[] ToolsMarker = "\"tools\""u8.ToArray();

    /// <summary>What became of one message.</summary>
    public enum Result
    {
        /// <summary>Not a tools list: pass the bytes on as they are.</summary>
        Unchanged,

        /// <summary>A tools list, rewritten into the output.</summary>
        Filtered,

        /// <summary>Could be a tools list but cannot be read strictly: it must not reach the agent.</summary>
        Unreadable,
    }

    public static Result Filter(ReadOnlySpan<byte> message, Func<string, bool> visible, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(visible);
        if (message.IndexOf(ToolsMarker) < 0)
        {
            return Result.Unchanged;
        }

        using var body = StrictJsonBody.Read(message.ToArray(), "application/json", default);
        if (!body.IsReadable)
        {
            return Result.Unreadable;
        }

        var root = body.Root;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return Result.Unchanged;
        }

        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("result"))
            {
                writer.WritePropertyName(property.Name);
                WriteResult(writer, result, visible);
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        return Result.Filtered;
    }

    private static void WriteResult(Utf8JsonWriter writer, JsonElement result, Func<string, bool> visible)
    {
        writer.WriteStartObject();
        foreach (var property in result.EnumerateObject())
        {
            if (!property.NameEquals("tools"))
            {
                property.WriteTo(writer);
                continue;
            }

            writer.WriteStartArray(property.Name);
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
