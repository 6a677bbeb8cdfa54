namespace Latchkey.Telemetry;

/// <summary>
/// How far the Seq shipper is behind: the time since it last had nothing left to send, zero while
/// it is caught up. Told by <see cref="Audit.SeqShipper"/> after each step; read by the
/// <c>latchkey.audit.shipping.lag</c> gauge. It starts when a step leaves events behind, not at
/// the oldest unshipped event's time, so it reads low by up to one step (a Seq timeout at most)
/// plus the idle poll (docs/contract.md §6).
/// </summary>
public sealed class AuditShippingLag
{
    private readonly TimeProvider _time;
    private long _behindSince;

    public AuditShippingLag(TimeProvider time) => _time = time;

    /// <summary>Everything buffered has been shipped.</summary>
    public void CaughtUp() => Volatile.Write(ref _behindSince, 0);

    /// <summary>Something is still waiting to ship (a batch shipped with more behind it, or a failed attempt).</summary>
    public void Behind()
    {
        if (Volatile.Read(ref _behindSince) == 0)
        {
            Volatile.Write(ref _behindSince, _time.GetTimestamp());
        }
    }

    public TimeSpan Current
    {
        get
        {
            var since = Volatile.Read(ref _behindSince);
            return since == 0 ? TimeSpan.Zero : _time.GetElapsedTime(since);
        }
    }
}
