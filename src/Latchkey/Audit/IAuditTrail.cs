namespace Latchkey.Audit;

/// <summary>Where audit events go. Writing is durable before it returns.</summary>
public interface IAuditTrail
{
    /// <summary>
    /// False while the local durable buffer cannot be written; the data plane then refuses
    /// requests with 503 rather than forward anything it could not audit.
    /// </summary>
    bool IsWritable { get; }

    /// <summary>
    /// Appends the event to the local durable buffer (and the console log). Returns false when
    /// it could not be written locally; never throws for I/O failures and never blocks on Seq.
    /// </summary>
    bool TryWrite(AuditEvent auditEvent);
}
