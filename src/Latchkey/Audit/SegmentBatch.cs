using System.Buffers;

namespace Latchkey.Audit;

/// <summary>
/// Complete lines read from one segment, each with the offset just past its newline, plus
/// the bytes after the last newline when the read reached the end of the file. The bytes live
/// in one pooled buffer, returned on <see cref="Dispose"/>: a batch is read several times a
/// second under load, and a fresh buffer each time would be a large-object allocation.
/// </summary>
internal sealed class SegmentBatch : IDisposable
{
    public static readonly SegmentBatch Empty = new(null, 0, [], [], ReadOnlyMemory<byte>.Empty);

    private readonly long _bufferOffset;
    private byte[]? _pooled;

    public SegmentBatch(byte[]? pooled, long bufferOffset, IReadOnlyList<ReadOnlyMemory<byte>> lines, IReadOnlyList<long> endOffsets, ReadOnlyMemory<byte> tail)
    {
        _pooled = pooled;
        _bufferOffset = bufferOffset;
        Lines = lines;
        EndOffsets = endOffsets;
        Tail = tail;
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Lines { get; }

    public IReadOnlyList<long> EndOffsets { get; }

    public ReadOnlyMemory<byte> Tail { get; }

    /// <summary>How many bytes of the segment were read to gather this batch.</summary>
    public int BytesRead { get; init; }

    /// <summary>
    /// Lines <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1,
    /// each followed by its newline, exactly as they lie in the segment: a slice, not a copy.
    /// </summary>
    public ReadOnlyMemory<byte> Body(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ObjectDisposedException.ThrowIf(_pooled is null, this);
        var first = (int)(EndOffsets[start] - _bufferOffset) - 1 - Lines[start].Length;
        var end = (int)(EndOffsets[start + count - 1] - _bufferOffset);
        return _pooled!.AsMemory(first, end - first);
    }

    public void Dispose()
    {
        if (_pooled is { } pooled)
        {
            _pooled = null;
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
