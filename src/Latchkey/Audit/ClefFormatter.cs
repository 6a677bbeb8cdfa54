using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
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

    private const string Information = "Information";
    private const int TimestampBytes = 28;
    private const string Warning = "Warning";

    // Runs twice per proxied request, so the JSON writer and its buffer are kept per thread and
    // the request path allocates nothing to format (FormatToScratch).
    private const int InitialBytes = 8 * 1024;
    private const int RetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>The CLEF level: Warning for refusals and failures, Information otherwise.</summary>
    public static string Level(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return IsWarning(auditEvent) ? Warning : Information;
    }

    /// <summary>The event as UTF-8 CLEF JSON without the trailing newline.</summary>
    public static byte[] FormatLine(AuditEvent auditEvent) => FormatToScratch(auditEvent).ToArray();

    /// <summary>
    /// The same line in this thread's formatting buffer, without an array of its own: valid only
    /// until the next call on this thread, so copy it before anything else formats (the request
    /// path appends it to the group commit and the console queue, which both copy).
    /// </summary>
    internal static ReadOnlySpan<byte> FormatToScratch(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);

        // A buffer that grew past RetainedBytes for one hostile line is let go on the next call,
        // once its line was used, so no thread keeps a large array for good.
        if (_buffer is { Capacity: > RetainedBytes })
        {
            _buffer = null;
            _writer = null;
        }

        var buffer = _buffer ??= new ArrayBufferWriter<byte>(InitialBytes);
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        WriteHeader(buffer, auditEvent);

        // The properties go through the JSON writer as an object of their own, right after the
        // header; its opening brace becomes the comma that joins the two. Reset also clears a
        // writer left half-way by an exception in an earlier call.
        var join = buffer.WrittenCount;
        writer.Reset(buffer);
        writer.WriteStartObject();
        WriteProperties(writer, auditEvent);
        writer.WriteEndObject();
        writer.Flush();
        Debug.Assert(buffer.WrittenSpan[join] == (byte)'{', "the properties object starts right after the header");
        // The buffer is ours: its written bytes may be patched in place.
        MemoryMarshal.GetReference(buffer.WrittenSpan[join..]) = (byte)',';
        return buffer.WrittenSpan;
    }

    private static bool IsWarning(AuditEvent auditEvent) =>
        auditEvent.Decision is AuditDecisions.Denied or AuditDecisions.Failed;

    // The header is the same bytes on every line but for the timestamp and the level, so it is
    // copied from pre-escaped pieces instead of written field by field (it is a third of a line).
    private static void WriteHeader(ArrayBufferWriter<byte> buffer, AuditEvent auditEvent)
    {
        // "O" of a UTC DateTime is always 28 ASCII characters: yyyy-MM-ddTHH:mm:ss.fffffffZ.
        var rest = IsWarning(auditEvent) ? ClefNames.HeaderAfterTimestampWarning : ClefNames.HeaderAfterTimestampInformation;
        var span = buffer.GetSpan(ClefNames.HeaderStart.Length + TimestampBytes + rest.Length);
        ClefNames.HeaderStart.CopyTo(span);
        var formatted = auditEvent.Timestamp.UtcDateTime.TryFormat(span[ClefNames.HeaderStart.Length..], out var length, "O", CultureInfo.InvariantCulture);
        Debug.Assert(formatted && length == TimestampBytes, "a round-trip UTC timestamp is 28 bytes");
        rest.CopyTo(span[(ClefNames.HeaderStart.Length + length)..]);
        buffer.Advance(ClefNames.HeaderStart.Length + length + rest.Length);
    }

    // The fields in the order of AuditPropertyNames.Properties, nulls omitted; ClefFormatterTests
    // pins the bytes to a formatter that goes through that list.
    private static void WriteProperties(Utf8JsonWriter writer, AuditEvent auditEvent)
    {
        WriteOptional(writer, ClefNames.EventType, auditEvent.EventType);
        WriteOptional(writer, ClefNames.RequestId, auditEvent.RequestId);
        WriteOptional(writer, ClefNames.Tenant, auditEvent.Tenant);
        WriteOptional(writer, ClefNames.UserId, auditEvent.UserId);
        WriteOptional(writer, ClefNames.AgentId, auditEvent.AgentId);
        WriteOptional(writer, ClefNames.SessionId, auditEvent.SessionId);
        WriteOptional(writer, ClefNames.Provider, auditEvent.Provider);
        WriteOptional(writer, ClefNames.RuleId, auditEvent.RuleId);
        WriteOptional(writer, ClefNames.Method, auditEvent.Method);
        WriteOptional(writer, ClefNames.Path, auditEvent.Path);
        WriteOptional(writer, ClefNames.Decision, auditEvent.Decision);
        WriteOptional(writer, ClefNames.Reason, auditEvent.Reason);
        WriteOptional(writer, ClefNames.Status, auditEvent.Status);
        WriteOptional(writer, ClefNames.UpstreamStatus, auditEvent.UpstreamStatus);

        // JSON has no NaN or infinity; an unmeasurable duration is simply absent.
        if (double.IsFinite(auditEvent.DurationMs))
        {
            writer.WriteNumber(ClefNames.DurationMs, auditEvent.DurationMs);
        }

        WriteOptional(writer, ClefNames.CredentialMode, auditEvent.CredentialMode);
        WriteOptional(writer, ClefNames.ClientIp, auditEvent.ClientIp);
        WriteOptional(writer, ClefNames.Outcome, auditEvent.Outcome);
        WriteOptional(writer, ClefNames.ResponseBytes, auditEvent.ResponseBytes);
        WriteOptional(writer, ClefNames.Action, auditEvent.Action);
        WriteOptional(writer, ClefNames.Target, auditEvent.Target);
        if (auditEvent.CredentialEchoed is { } credentialEchoed)
        {
            writer.WriteBoolean(ClefNames.CredentialEchoed, credentialEchoed);
        }

        WriteOptional(writer, ClefNames.Addressing, auditEvent.Addressing);
        WriteOptional(writer, ClefNames.Tool, auditEvent.Tool);
        WriteOptional(writer, ClefNames.ArgumentsHash, auditEvent.ArgumentsHash);
        WriteOptional(writer, ClefNames.Revocation, auditEvent.Revocation);
        WriteOptional(writer, ClefNames.Channel, auditEvent.Channel);
        WriteOptional(writer, ClefNames.Attempts, auditEvent.Attempts);
        WriteOptional(writer, ClefNames.BatchSize, auditEvent.BatchSize);
        WriteOptional(writer, ClefNames.BatchDecidingIndex, auditEvent.BatchDecidingIndex);
        WriteOptional(writer, ClefNames.ApprovalId, auditEvent.ApprovalId);
    }

    private static void WriteOptional(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    // Required fields too: a record built with null! must still format, as it always did.
    private static void WriteOptional(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>The CLEF header and contract property names, and the constant values, escaped once.</summary>
    private static class ClefNames
    {

        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("@t");
        public static readonly JsonEncodedText MessageTemplate = JsonEncodedText.Encode("@mt");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("@l");
        public static readonly JsonEncodedText EventTypeId = JsonEncodedText.Encode("@i");
        public static readonly JsonEncodedText SourceContext = JsonEncodedText.Encode("SourceContext");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("EventId");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("Id");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("Name");

        public static readonly JsonEncodedText MessageTemplateValue = JsonEncodedText.Encode(ClefFormatter.MessageTemplate);
        public static readonly JsonEncodedText InformationValue = JsonEncodedText.Encode(Information);
        public static readonly JsonEncodedText WarningValue = JsonEncodedText.Encode(Warning);

        // Seq groups events by @i; a constant one makes "all audit events" a single event type.
        public static readonly JsonEncodedText EventTypeIdValue = JsonEncodedText.Encode(ClefFormatter.EventId.ToString("x8", CultureInfo.InvariantCulture));
        public static readonly JsonEncodedText SourceContextValue = JsonEncodedText.Encode(AuditTrail.CategoryName);
        public static readonly JsonEncodedText EventNameValue = JsonEncodedText.Encode(EventName);

        public static readonly JsonEncodedText EventType = JsonEncodedText.Encode(AuditPropertyNames.EventType);
        public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode(AuditPropertyNames.RequestId);
        public static readonly JsonEncodedText Tenant = JsonEncodedText.Encode(AuditPropertyNames.Tenant);
        public static readonly JsonEncodedText UserId = JsonEncodedText.Encode(AuditPropertyNames.UserId);
        public static readonly JsonEncodedText AgentId = JsonEncodedText.Encode(AuditPropertyNames.AgentId);
        public static readonly JsonEncodedText SessionId = JsonEncodedText.Encode(AuditPropertyNames.SessionId);
        public static readonly JsonEncodedText Provider = JsonEncodedText.Encode(AuditPropertyNames.Provider);
        public static readonly JsonEncodedText RuleId = JsonEncodedText.Encode(AuditPropertyNames.RuleId);
        public static readonly JsonEncodedText Method = JsonEncodedText.Encode(AuditPropertyNames.Method);
        public static readonly JsonEncodedText Path = JsonEncodedText.Encode(AuditPropertyNames.Path);
        public static readonly JsonEncodedText Decision = JsonEncodedText.Encode(AuditPropertyNames.Decision);
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode(AuditPropertyNames.Reason);
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode(AuditPropertyNames.Status);
        public static readonly JsonEncodedText UpstreamStatus = JsonEncodedText.Encode(AuditPropertyNames.UpstreamStatus);
        public static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode(AuditPropertyNames.DurationMs);
        public static readonly JsonEncodedText CredentialMode = JsonEncodedText.Encode(AuditPropertyNames.CredentialMode);
        public static readonly JsonEncodedText ClientIp = JsonEncodedText.Encode(AuditPropertyNames.ClientIp);
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode(AuditPropertyNames.Outcome);
        public static readonly JsonEncodedText ResponseBytes = JsonEncodedText.Encode(AuditPropertyNames.ResponseBytes);
        public static readonly JsonEncodedText Action = JsonEncodedText.Encode(AuditPropertyNames.Action);
        public static readonly JsonEncodedText Target = JsonEncodedText.Encode(AuditPropertyNames.Target);
        public static readonly JsonEncodedText CredentialEchoed = JsonEncodedText.Encode(AuditPropertyNames.CredentialEchoed);
        public static readonly JsonEncodedText Addressing = JsonEncodedText.Encode(AuditPropertyNames.Addressing);
        public static readonly JsonEncodedText Tool = JsonEncodedText.Encode(AuditPropertyNames.Tool);
        public static readonly JsonEncodedText ArgumentsHash = JsonEncodedText.Encode(AuditPropertyNames.ArgumentsHash);
        public static readonly JsonEncodedText Revocation = JsonEncodedText.Encode(AuditPropertyNames.Revocation);
        public static readonly JsonEncodedText Channel = JsonEncodedText.Encode(AuditPropertyNames.Channel);
        public static readonly JsonEncodedText Attempts = JsonEncodedText.Encode(AuditPropertyNames.Attempts);
        public static readonly JsonEncodedText BatchSize = JsonEncodedText.Encode(AuditPropertyNames.BatchSize);
        public static readonly JsonEncodedText BatchDecidingIndex = JsonEncodedText.Encode(AuditPropertyNames.BatchDecidingIndex);
        public static readonly JsonEncodedText ApprovalId = JsonEncodedText.Encode(AuditPropertyNames.ApprovalId);

        // Last: static fields initialize in order, and these are built from the ones above.
        /// <summary><c>{"@t":"</c>: what comes before the timestamp.</summary>
        public static readonly byte[] HeaderStart = "{\"@t\":\""u8.ToArray();

        public static readonly byte[] HeaderAfterTimestampInformation = HeaderAfterTimestamp(InformationValue);

        public static readonly byte[] HeaderAfterTimestampWarning = HeaderAfterTimestamp(WarningValue);

        // Written by a JSON writer once, so the pieces are escaped exactly as the writer escapes
        // (ClefFormatterTests pins every line to a formatter that writes all fields through it):
        // the rest of the header after the timestamp, up to and including the EventId object.
        private static byte[] HeaderAfterTimestamp(JsonEncodedText level)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString(Timestamp, "");
                writer.WriteString(MessageTemplate, MessageTemplateValue);
                writer.WriteString(Level, level);
                writer.WriteString(EventTypeId, EventTypeIdValue);
                writer.WriteString(SourceContext, SourceContextValue);
                writer.WriteStartObject(EventId);
                writer.WriteNumber(Id, ClefFormatter.EventId);
                writer.WriteString(Name, EventNameValue);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            // From the empty timestamp's closing quote to just before the object's closing brace.
            var written = buffer.WrittenSpan;
            return written[HeaderStart.Length..^1].ToArray();
        }
    }
}
