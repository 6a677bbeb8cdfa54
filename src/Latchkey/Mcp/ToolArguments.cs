using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latchkey.Mcp;

/// <summary>
/// The arguments of one tool call in canonical JSON (object keys sorted by ordinal, no
/// whitespace) and its SHA-256, which the audit record carries instead of the values: the same
/// arguments always give the same hash, whatever order the client sent them in.
/// </summary>
internal static class ToolArguments
{
    public static string Hash(JsonObject arguments) => Hash(Canonical(arguments));

    /// <summary>Hex SHA-256 of canonical JSON made by <see cref="Canonical"/>.</summary>
    public static string Hash(ReadOnlySpan<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    /// <summary>The arguments as canonical JSON (UTF-8).</summary>
    public static byte[] Canonical(JsonObject arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, arguments);
        }

        return buffer.ToArray();
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
