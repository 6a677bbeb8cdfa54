using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

/// <summary>
/// The first ClefFormatter (through <see cref="AuditPropertyNames.Properties"/>, a fresh writer and
/// boxed values) as the oracle the allocation-free formatter must match byte for byte: Seq, the
/// durable buffer and operators' parsers see these bytes. Changed only with the line's documented
/// shape (docs/contract.md §6): since 2026-12-07 without <c>SourceContext</c>, <c>EventId</c> and
/// the default level.
/// </summary>
public static class ReferenceClefFormatter
{
    private static readonly string EventTypeId = ClefFormatter.EventId.ToString("x8", CultureInfo.InvariantCulture);

    public static byte[] FormatLine(AuditEvent auditEvent)
    {
        var output = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("@t", auditEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("@mt", ClefFormatter.MessageTemplate);
            if (auditEvent.Decision is AuditDecisions.Denied or AuditDecisions.Failed)
            {
                writer.WriteString("@l", "Warning");
            }

            writer.WriteString("@i", EventTypeId);
            foreach (var (name, value) in AuditPropertyNames.Properties(auditEvent))
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case int number:
                writer.WriteNumber(name, number);
                break;

            // Fields added after the first formatter (ResponseBytes, CredentialEchoed): JSON numbers and booleans.
            case long number:
                writer.WriteNumber(name, number);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumber(name, number);
                break;
            case double:
                break;
            default:
                writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
