namespace Latchkey.Audit;

/// <summary>
/// Complete lines read from one segment, each with the offset just past its newline, plus
/// the bytes after the last newline when the read reached the end of the file.
/// </summary>
internal sealed record SegmentBatch(
    IReadOnlyList<ReadOnlyMemory<byte>> Lines,
    IReadOnlyList<long> EndOffsets,
    ReadOnlyMemory<byte> Tail)
{
    public static readonly SegmentBatch Empty = new([], [], ReadOnlyMemory<byte>.Empty);
}
