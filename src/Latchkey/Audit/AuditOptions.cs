namespace Latchkey.Audit;

/// <summary>Settings for the local durable audit buffer (<c>Latchkey:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Latchkey:Audit";

    /// <summary>Folder of the buffer, relative to the content root; one per instance.</summary>
    public string BufferPath { get; set; } = "data/audit";

    /// <summary>A segment file is closed and a new one started once it would grow past this.</summary>
    public long SegmentBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Without Seq nothing ships the buffer, so the oldest segments beyond this are deleted.</summary>
    public long RetainBytesWithoutSeq { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The most the buffer may hold on disk (unshipped events while Seq is down). From 80 % a
    /// warning is logged; at the cap requests fail closed with 503 <c>audit_unavailable</c>
    /// until shipping frees room. 2 GiB is about 3 million events (~700 bytes each).
    /// </summary>
    public long MaxBufferBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The absolute buffer folder for a given content root.</summary>
    public string ResolveBufferPath(string contentRootPath) =>
        Path.GetFullPath(Path.Combine(contentRootPath, BufferPath));
}
