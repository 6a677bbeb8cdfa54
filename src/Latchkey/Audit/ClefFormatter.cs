using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Latchkey.Audit;

/// <summary>
/// Turns an <see cref="AuditEvent"/> into one line of CLEF (compact log event format), the
/// shape Seq ingests. Utf8JsonWriter escapes every control character (CR, LF, ESC, ...), so a
/// hostile path can neither start a second line nor smuggle terminal escapes (log forging).
/// </summary>
public static class ClefFormatter
{
    public const string MessageTemplate = "{EventType} {Decision} {Method} {Provider} {Path} -> {Status}";

    /// <summary>The audit EventId, the same number the console event carries.</summary>
    public const int EventId = 5001;

    public const string EventName = "AuditEvent";

    // Seq groups events by @i; a constant one makes "all audit events" a single event type.
    private static readonly string EventTypeId = EventId.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>The CLEF level: Warning for refusals and failures, Information otherwise.</summary>
    public static string Level(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.Decision is AuditDecisions.Denied or AuditDecisions.Failed ? "Warning" : "Information";
    }

    /// <summary>The event as UTF-8 CLEF JSON without the trailing newline.</summary>
    public static byte[] FormatLine(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var output = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("@t", auditEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("@mt", MessageTemplate);
            writer.WriteString("@l", Level(auditEvent));
            writer.WriteString("@i", EventTypeId);
            writer.WriteString("SourceContext", AuditTrail.CategoryName);
            writer.WriteStartObject("EventId");
            writer.WriteNumber("Id", EventId);
            writer.WriteString("Name", EventName);
            writer.WriteEndObject();
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
            case double number when double.IsFinite(number):
                writer.WriteNumber(name, number);
                break;
            case double:
                // JSON has no NaN or infinity; an unmeasurable duration is simply absent.
                break;
            default:
                writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
