namespace Latchkey.Audit;

/// <summary>
/// The buffer's segments at one moment, oldest first, and the one still being written
/// (<c>null</c> when this process has written none). Every other segment is closed for good.
/// </summary>
internal sealed record SegmentSnapshot(IReadOnlyList<SegmentName> Segments, SegmentName? Current)
{
    public bool IsClosed(SegmentName segment) => Current != segment;
}
