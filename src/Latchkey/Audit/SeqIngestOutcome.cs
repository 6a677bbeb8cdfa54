namespace Latchkey.Audit;

/// <summary>How Seq answered one batch.</summary>
internal enum SeqIngestOutcome
{
    /// <summary>2xx: the batch is stored in Seq.</summary>
    Accepted,

    /// <summary>400 or 413: Seq will never take this batch as it is; split it or set it aside.</summary>
    Rejected,

    /// <summary>No answer, a timeout or any other status: retry the same batch later.</summary>
    Unavailable,
}
