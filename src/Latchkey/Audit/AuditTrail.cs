namespace Latchkey.Audit;

/// <summary>
/// The audit trail: each event goes to the durable buffer (and from there to Seq) and to the
/// console as a structured event in its own logging category, so the host can keep it out of
/// the application-log Seq sink and Seq gets every event exactly once.
/// </summary>
internal sealed partial class AuditTrail : IAuditTrail
{
    /// <summary>The logging category of audit events; no other logger uses exactly this name.</summary>
    public const string CategoryName = "Latchkey.Audit";

    private readonly DurableAuditBuffer _buffer;
    private readonly ILogger _logger;

    public AuditTrail(DurableAuditBuffer buffer, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _buffer = buffer;
        _logger = loggerFactory.CreateLogger(CategoryName);
    }

    public bool IsWritable => _buffer.IsWritable;

    public bool TryWrite(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var written = _buffer.TryAppend(ClefFormatter.FormatLine(auditEvent));
        WriteToConsole(auditEvent);
        return written;
    }

    private void WriteToConsole(AuditEvent auditEvent)
    {
        var level = auditEvent.Decision is AuditDecisions.Denied or AuditDecisions.Failed
            ? LogLevel.Warning
            : LogLevel.Information;
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var method = WithoutControlChars(auditEvent.Method);
        var provider = WithoutControlChars(auditEvent.Provider);
        var path = WithoutControlChars(auditEvent.Path);

        // The scope carries every field as a structured property; the message uses a fixed template.
        using (_logger.BeginScope(AuditPropertyNames.Properties(auditEvent)))
        {
            Log.AuditEvent(
                _logger,
                level,
                auditEvent.EventType,
                auditEvent.Decision,
                method,
                provider,
                path,
                auditEvent.Status);
        }
    }

    // A plain-text console renders the message: a CR/LF in a path must not start a fake line.
    private static string? WithoutControlChars(string? value)
    {
        if (value is null || !value.Any(char.IsControl))
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ClefFormatter.EventId, EventName = ClefFormatter.EventName,
            Message = ClefFormatter.MessageTemplate)]
        public static partial void AuditEvent(
            ILogger logger,
            LogLevel level,
            string eventType,
            string decision,
            string? method,
            string? provider,
            string? path,
            int status);
    }
}
