namespace Latchkey.Audit;

/// <summary>
/// The audit trail: each event goes to the durable buffer (and from there to Seq) and to the
/// console, as the same CLEF line. It does not pass through the logging pipeline, so no logging
/// configuration can drop, reformat or duplicate an audit event.
/// </summary>
internal sealed class AuditTrail : IAuditTrail
{
    /// <summary>
    /// The logging category reserved for audit events: no logger uses exactly this name, and the
    /// application-log sink drops anything logged under it, so an audit event reaches Seq only
    /// through the durable buffer. The CLEF lines themselves carry <c>EventType</c> instead.
    /// </summary>
    public const string CategoryName = "Latchkey.Audit";

    private readonly DurableAuditBuffer _buffer;
    private readonly IAuditConsole _console;

    public AuditTrail(DurableAuditBuffer buffer, IAuditConsole console)
    {
        _buffer = buffer;
        _console = console;
    }

    public bool IsWritable => _buffer.IsWritable;

    public bool TryWrite(AuditEvent auditEvent) => _buffer.TryAppend(FormatToConsole(auditEvent));

    public Task<bool> TryWriteAsync(AuditEvent auditEvent) => _buffer.AppendAsync(FormatToConsole(auditEvent));

    public Task<bool> TryWriteCompletionAsync(AuditEvent auditEvent) => _buffer.AppendCompletionAsync(FormatToConsole(auditEvent));

    public bool TryWriteCompletion(AuditEvent auditEvent) => _buffer.TryAppendCompletion(FormatToConsole(auditEvent));

    // The line is formatted in the thread's scratch buffer and copied by the buffer's group
    // commit (and the console queue): no array per line on the request path.
    public Task<bool> TryWriteAheadAsync(AuditEvent auditEvent) => _buffer.AppendAsync(ClefFormatter.FormatToScratch(auditEvent));

    // The console gets the line whatever the buffer makes of it: it is the secondary copy.
    private ReadOnlySpan<byte> FormatToConsole(AuditEvent auditEvent)
    {
        var line = ClefFormatter.FormatToScratch(auditEvent);
        _console.Enqueue(line);
        return line;
    }
}
