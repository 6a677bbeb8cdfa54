namespace Latchkey.Audit;

/// <summary>
/// The audit trail: each event goes to the durable buffer (and from there to Seq) and to the
/// console, as the same CLEF line. It does not pass through the logging pipeline, so no logging
/// configuration can drop, reformat or duplicate an audit event.
/// </summary>
internal sealed class AuditTrail : IAuditTrail
{
    /// <summary>The SourceContext of audit events; no logger uses exactly this name.</summary>
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

    public Task<bool> TryWriteAheadAsync(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return _buffer.AppendAsync(ClefFormatter.FormatLine(auditEvent));
    }

    // The console gets the line whatever the buffer makes of it: it is the secondary copy.
    private byte[] FormatToConsole(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var line = ClefFormatter.FormatLine(auditEvent);
        _console.Enqueue(line);
        return line;
    }
}
