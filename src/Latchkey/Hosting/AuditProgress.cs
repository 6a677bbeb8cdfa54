namespace Latchkey.Hosting;

/// <summary>How far a data-plane request's audit records have got.</summary>
public enum AuditProgress
{
    /// <summary>Nothing written yet.</summary>
    None,

    /// <summary>The request's one record (a refusal) was written before its response went out.</summary>
    Recorded,

    /// <summary>The write-ahead record was written before forwarding; the completion is still due.</summary>
    ForwardRecorded,
}
