using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Latchkey.Audit;

/// <summary>
/// Turns an <see cref="AuditEvent"/> into one line of CLEF (compact log event format), the
/// shape Seq ingests. Only printable ASCII that a JSON writer leaves as it is is copied as is;
/// every other value goes through Utf8JsonWriter, which escapes every control character (CR, LF,
/// ESC, ...), so a hostile path can neither start a second line nor smuggle terminal escapes
/// (log forging).
/// </summary>
public static class ClefFormatter
{
    public const string MessageTemplate = "{EventType} {Decision} {Method} {Provider} {Path} -> {Status}";

    /// <summary>The audit events' id, written as their CLEF event type (<c>@i</c>, hex): 00001389.</summary>
    public const int EventId = 5001;

    private const string Information = "Information";
    private const int TimestampBytes = 28;

    // Below this, a duration in thousandths of a millisecond has far fewer digits than a double
    // holds, so its decimal form is exact and the shortest one.
    private const double MaxDirectMilliseconds = 1e9;
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
        WriteProperties(new PropertyWriter(buffer, writer), auditEvent);
        buffer.Write("}"u8);
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
    // pins the bytes to a formatter that writes every field through a JSON writer.
    private static void WriteProperties(PropertyWriter line, AuditEvent auditEvent)
    {
        line.String(ClefNames.EventType, auditEvent.EventType);
        line.String(ClefNames.RequestId, auditEvent.RequestId);
        line.String(ClefNames.Tenant, auditEvent.Tenant);
        line.String(ClefNames.UserId, auditEvent.UserId);
        line.String(ClefNames.AgentId, auditEvent.AgentId);
        line.String(ClefNames.SessionId, auditEvent.SessionId);
        line.String(ClefNames.Provider, auditEvent.Provider);
        line.String(ClefNames.RuleId, auditEvent.RuleId);
        line.String(ClefNames.Method, auditEvent.Method);
        line.String(ClefNames.Path, auditEvent.Path);
        line.String(ClefNames.Decision, auditEvent.Decision);
        line.String(ClefNames.Reason, auditEvent.Reason);
        line.Number(ClefNames.Status, auditEvent.Status);
        line.Number(ClefNames.UpstreamStatus, auditEvent.UpstreamStatus);

        // JSON has no NaN or infinity; an unmeasurable duration is simply absent.
        if (double.IsFinite(auditEvent.DurationMs))
        {
            line.Number(ClefNames.DurationMs, auditEvent.DurationMs);
        }

        line.String(ClefNames.CredentialMode, auditEvent.CredentialMode);
        line.String(ClefNames.ClientIp, auditEvent.ClientIp);
        line.String(ClefNames.Outcome, auditEvent.Outcome);
        line.Number(ClefNames.ResponseBytes, auditEvent.ResponseBytes);
        line.String(ClefNames.Action, auditEvent.Action);
        line.String(ClefNames.Target, auditEvent.Target);
        if (auditEvent.CredentialEchoed is { } credentialEchoed)
        {
            line.Boolean(ClefNames.CredentialEchoed, credentialEchoed);
        }

        line.String(ClefNames.Addressing, auditEvent.Addressing);
        line.String(ClefNames.Tool, auditEvent.Tool);
        line.String(ClefNames.ArgumentsHash, auditEvent.ArgumentsHash);
        line.String(ClefNames.Revocation, auditEvent.Revocation);
        line.String(ClefNames.Channel, auditEvent.Channel);
        line.Number(ClefNames.Attempts, auditEvent.Attempts);
        line.Number(ClefNames.BatchSize, auditEvent.BatchSize);
        line.Number(ClefNames.BatchDecidingIndex, auditEvent.BatchDecidingIndex);
        line.String(ClefNames.ApprovalId, auditEvent.ApprovalId);
    }

    /// <summary>
    /// Appends <c>,"Name":value</c> pairs after the header. Values that need no escaping (ids,
    /// names, most paths: printable ASCII the JSON writer leaves as it is) and integers are copied
    /// straight into the buffer; anything else, and every floating-point number, goes through the
    /// JSON writer as a value of its own, so the bytes are exactly the writer's.
    /// </summary>
    private readonly ref struct PropertyWriter(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        // Required fields too: a record built with null! must still format, as it always did.
        public void String(byte[] name, string? value)
        {
            if (value is null)
            {
                return;
            }

            if (!value.AsSpan().ContainsAnyExcept(ClefNames.VerbatimChars))
            {
                var span = buffer.GetSpan(name.Length + value.Length + 2);
                name.CopyTo(span);
                span[name.Length] = (byte)'"';
                var length = Encoding.ASCII.GetBytes(value, span[(name.Length + 1)..]);
                span[name.Length + 1 + length] = (byte)'"';
                buffer.Advance(name.Length + length + 2);
                return;
            }

            buffer.Write(name);
            writer.Reset(buffer);
            writer.WriteStringValue(value);
            writer.Flush();
        }

        public void Number(byte[] name, long? value)
        {
            if (value is not { } number)
            {
                return;
            }

            var span = buffer.GetSpan(name.Length + 20);
            name.CopyTo(span);
            var formatted = number.TryFormat(span[name.Length..], out var length, default, CultureInfo.InvariantCulture);
            Debug.Assert(formatted, "a long has at most 20 characters");
            buffer.Advance(name.Length + length);
        }

        public void Number(byte[] name, double value)
        {
            if (TryWriteMilliseconds(name, value))
            {
                return;
            }

            buffer.Write(name);
            writer.Reset(buffer);
            writer.WriteNumberValue(value);
            writer.Flush();
        }

        // DurationMs is rounded to whole microseconds, so nearly every value is a non-negative
        // number of thousandths; those are written as digits, which is what the JSON writer's
        // shortest round-trip form gives for them (a shorter decimal would be another double).
        // Formatting a double the general way was a tenth of the formatter's samples in a profile.
        // Anything else (more decimals, -0, huge) goes through the writer.
        private bool TryWriteMilliseconds(byte[] name, double value)
        {
            if (value is < 0 or >= MaxDirectMilliseconds || double.IsNegative(value))
            {
                return false;
            }

            var thousandths = (long)Math.Round(value * 1000);
            if (thousandths / 1000d != value)
            {
                return false;
            }

            var span = buffer.GetSpan(name.Length + 24);
            name.CopyTo(span);
            var whole = Math.DivRem(thousandths, 1000, out var fraction);
            var written = whole.TryFormat(span[name.Length..], out var length, default, CultureInfo.InvariantCulture);
            Debug.Assert(written, "a long has at most 20 characters");
            length += name.Length;
            if (fraction != 0)
            {
                // ".fff", then without its trailing zeros (".500" is ".5").
                span[length] = (byte)'.';
                span[length + 1] = (byte)('0' + (fraction / 100));
                span[length + 2] = (byte)('0' + (fraction / 10 % 10));
                span[length + 3] = (byte)('0' + (fraction % 10));
                length += 4;
                while (span[length - 1] == '0')
                {
                    length--;
                }
            }

            buffer.Advance(length);
            return true;
        }

        public void Boolean(byte[] name, bool value)
        {
            buffer.Write(name);
            buffer.Write(value ? "true"u8 : "false"u8);
        }
    }

    /// <summary>The CLEF header and contract property names, and the constant values, escaped once.</summary>
    private static class ClefNames
    {
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("@t");
        public static readonly JsonEncodedText MessageTemplate = JsonEncodedText.Encode("@mt");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("@l");
        public static readonly JsonEncodedText EventTypeId = JsonEncodedText.Encode("@i");

        public static readonly JsonEncodedText MessageTemplateValue = JsonEncodedText.Encode(ClefFormatter.MessageTemplate);
        public static readonly JsonEncodedText WarningValue = JsonEncodedText.Encode(Warning);

        // Seq groups events by @i; a constant one makes "all audit events" a single event type.
        public static readonly JsonEncodedText EventTypeIdValue = JsonEncodedText.Encode(ClefFormatter.EventId.ToString("x8", CultureInfo.InvariantCulture));

        public static readonly byte[] EventType = Prefix(AuditPropertyNames.EventType);
        public static readonly byte[] RequestId = Prefix(AuditPropertyNames.RequestId);
        public static readonly byte[] Tenant = Prefix(AuditPropertyNames.Tenant);
        public static readonly byte[] UserId = Prefix(AuditPropertyNames.UserId);
        public static readonly byte[] AgentId = Prefix(AuditPropertyNames.AgentId);
        public static readonly byte[] SessionId = Prefix(AuditPropertyNames.SessionId);
        public static readonly byte[] Provider = Prefix(AuditPropertyNames.Provider);
        public static readonly byte[] RuleId = Prefix(AuditPropertyNames.RuleId);
        public static readonly byte[] Method = Prefix(AuditPropertyNames.Method);
        public static readonly byte[] Path = Prefix(AuditPropertyNames.Path);
        public static readonly byte[] Decision = Prefix(AuditPropertyNames.Decision);
        public static readonly byte[] Reason = Prefix(AuditPropertyNames.Reason);
        public static readonly byte[] Status = Prefix(AuditPropertyNames.Status);
        public static readonly byte[] UpstreamStatus = Prefix(AuditPropertyNames.UpstreamStatus);
        public static readonly byte[] DurationMs = Prefix(AuditPropertyNames.DurationMs);
        public static readonly byte[] CredentialMode = Prefix(AuditPropertyNames.CredentialMode);
        public static readonly byte[] ClientIp = Prefix(AuditPropertyNames.ClientIp);
        public static readonly byte[] Outcome = Prefix(AuditPropertyNames.Outcome);
        public static readonly byte[] ResponseBytes = Prefix(AuditPropertyNames.ResponseBytes);
        public static readonly byte[] Action = Prefix(AuditPropertyNames.Action);
        public static readonly byte[] Target = Prefix(AuditPropertyNames.Target);
        public static readonly byte[] CredentialEchoed = Prefix(AuditPropertyNames.CredentialEchoed);
        public static readonly byte[] Addressing = Prefix(AuditPropertyNames.Addressing);
        public static readonly byte[] Tool = Prefix(AuditPropertyNames.Tool);
        public static readonly byte[] ArgumentsHash = Prefix(AuditPropertyNames.ArgumentsHash);
        public static readonly byte[] Revocation = Prefix(AuditPropertyNames.Revocation);
        public static readonly byte[] Channel = Prefix(AuditPropertyNames.Channel);
        public static readonly byte[] Attempts = Prefix(AuditPropertyNames.Attempts);
        public static readonly byte[] BatchSize = Prefix(AuditPropertyNames.BatchSize);
        public static readonly byte[] BatchDecidingIndex = Prefix(AuditPropertyNames.BatchDecidingIndex);
        public static readonly byte[] ApprovalId = Prefix(AuditPropertyNames.ApprovalId);

        /// <summary>The characters a JSON writer leaves as they are: printable ASCII but the few it escapes.</summary>
        public static readonly SearchValues<char> VerbatimChars = SearchValues.Create(
            Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => JsonEncodedText.Encode(c.ToString()).Value == c.ToString()).ToArray());

        // Last: static fields initialize in order, and these are built from the ones above.
        /// <summary><c>{"@t":"</c>: what comes before the timestamp.</summary>
        public static readonly byte[] HeaderStart = "{\"@t\":\""u8.ToArray();

        public static readonly byte[] HeaderAfterTimestampInformation = HeaderAfterTimestamp(level: null);

        public static readonly byte[] HeaderAfterTimestampWarning = HeaderAfterTimestamp(WarningValue);

        /// <summary><c>,"Name":</c> for a property that follows another, escaped as a JSON writer escapes it.</summary>
        private static byte[] Prefix(string name)
        {
            var encoded = JsonEncodedText.Encode(name).EncodedUtf8Bytes;
            return [(byte)',', (byte)'"', .. encoded, (byte)'"', (byte)':'];
        }

        // Written by a JSON writer once, so the pieces are escaped exactly as the writer escapes
        // (ClefFormatterTests pins every line to a formatter that writes all fields through it):
        // the rest of the header after the timestamp, up to and including @i. No level means
        // Information in CLEF, so only a warning names its level.
        private static byte[] HeaderAfterTimestamp(JsonEncodedText? level)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString(Timestamp, "");
                writer.WriteString(MessageTemplate, MessageTemplateValue);
                if (level is { } named)
                {
                    writer.WriteString(Level, named);
                }

                writer.WriteString(EventTypeId, EventTypeIdValue);
                writer.WriteEndObject();
            }

            // From the empty timestamp's closing quote to just before the object's closing brace.
            var written = buffer.WrittenSpan;
            return written[HeaderStart.Length..^1].ToArray();
        }
    }
}
