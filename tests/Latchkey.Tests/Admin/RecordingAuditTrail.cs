using System.Collections.Concurrent;
using Latchkey.Audit;

namespace Latchkey.Tests.Admin;

/// <summary>An in-memory audit trail that keeps every event for assertions.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public bool IsWritable { get; set; } = true;

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public bool TryWrite(AuditEvent auditEvent)
    {
        if (!IsWritable)
        {
            return false;
        }

        _events.Enqueue(auditEvent);
        return true;
    }

    public Task<bool> TryWriteAsync(AuditEvent auditEvent) => Task.FromResult(TryWrite(auditEvent));

    public Task<bool> TryWriteAheadAsync(AuditEvent auditEvent) => Task.FromResult(TryWrite(auditEvent));

    public Task<bool> TryWriteCompletionAsync(AuditEvent auditEvent) => Task.FromResult(TryWrite(auditEvent));

    public bool TryWriteCompletion(AuditEvent auditEvent) => TryWrite(auditEvent);
}
