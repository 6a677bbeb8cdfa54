namespace Latchkey.Audit;

/// <summary>Where audit events go. Writing is durable before it returns or its task completes.</summary>
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

    /// <summary>
    /// The same, by group commit: the event is written with the others appended meanwhile, in
    /// one write, and the task completes once it is in the local buffer (true) or could not be
    /// (false). For the data plane, where one write per request would cost more than the rest
    /// of the audit work together.
    /// </summary>
    Task<bool> TryWriteAsync(AuditEvent auditEvent);

    /// <summary>
    /// A write-ahead record, by the same group commit, to the durable buffer only (the console
    /// gets the completion that follows it): the task completes true once the record is handed
    /// to the OS, and only then may the request it announces be forwarded.
    /// </summary>
    Task<bool> TryWriteAheadAsync(AuditEvent auditEvent);

    /// <summary>
    /// <see cref="TryWriteAsync"/> for the completion of a request whose write-ahead record was
    /// written: taken even once the buffer is at its size cap, which refuses new requests only.
    /// </summary>
    Task<bool> TryWriteCompletionAsync(AuditEvent auditEvent);

    /// <summary><see cref="TryWrite"/> for a completion, taken past the size cap as <see cref="TryWriteCompletionAsync"/>.</summary>
    bool TryWriteCompletion(AuditEvent auditEvent);
}
