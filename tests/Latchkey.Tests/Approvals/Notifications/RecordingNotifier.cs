using System.Collections.Concurrent;
using Latchkey.Approvals;
using Latchkey.Approvals.Notifications;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>Keeps every approval it was asked to announce.</summary>
internal sealed class RecordingNotifier : IApprovalNotifier
{
    private readonly ConcurrentQueue<ApprovalRecord> _notified = new();

    public IReadOnlyList<ApprovalRecord> Notified => [.. _notified];

    public void Notify(ApprovalRecord approval) => _notified.Enqueue(approval);
}
