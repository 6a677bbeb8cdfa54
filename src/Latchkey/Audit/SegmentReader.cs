using System.Buffers;

namespace Latchkey.Audit;

/// <summary>
/// Reads complete lines from a segment that may still be growing: a line counts only once
/// its newline is on disk, so a half-written event is never shipped.
/// </summary>
internal static class SegmentReader
{
    /// <summary>How much is read at a time while gathering a batch's lines.</summary>
    internal const int ChunkBytes = 64 * 1024;

    public static SegmentBatch Read(string path, long offset, int maxEvents, int maxBytes)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        });
        var length = stream.Length;
        if (offset >= length)
        {
            return SegmentBatch.Empty;
        }

        var (data, filled) = ReadLines(stream, offset, length, maxEvents, maxBytes);
        var lines = new List<ReadOnlyMemory<byte>>();
        var ends = new List<long>();
        var start = 0;
        while (lines.Count < maxEvents && start < filled)
        {
            var newline = Array.IndexOf(data, (byte)'\n', start, filled - start);
            if (newline < 0)
            {
                break;
            }

            lines.Add(data.AsMemory(start, newline - start));
            ends.Add(offset + newline + 1);
            start = newline + 1;
        }

        var reachedEnd = offset + filled == length;
        var tail = lines.Count == 0 && reachedEnd ? data.AsMemory(0, filled) : ReadOnlyMemory<byte>.Empty;
        return new SegmentBatch(data, offset, lines, ends, tail) { BytesRead = filled };
    }

    // Reads into a pooled buffer a chunk at a time, up to maxBytes, and stops once it holds
    // maxEvents complete lines: under load a batch is a few hundred lines with megabytes of
    // segment behind them, and reading to maxBytes every time copied several times what was
    // shipped. If the buffer then holds no newline at all (one event larger than a batch), keeps
    // reading until one appears or the file ends, so a big event is sent alone rather than stuck.
    // Returns the buffer and how much of it was filled.
    private static (byte[] Data, int Filled) ReadLines(FileStream stream, long offset, long length, int maxEvents, int maxBytes)
    {
        var size = (int)Math.Min(length - offset, maxBytes);
        var data = ArrayPool<byte>.Shared.Rent(size);
        var filled = 0;
        var newlines = 0;
        while (filled < size && newlines < maxEvents)
        {
            var read = ReadFully(stream, data, filled, Math.Min(size, filled + ChunkBytes), offset + filled);
            if (read == 0)
            {
                break;
            }

            newlines += data.AsSpan(filled, read).Count((byte)'\n');
            filled += read;
        }

        while (filled == size
               && Array.IndexOf(data, (byte)'\n', 0, filled) < 0
               && offset + filled < length)
        {
            var grown = (int)Math.Min(length - offset, Math.Min((long)size * 2, Array.MaxLength));
            if (grown <= size)
            {
                break;
            }

            var larger = ArrayPool<byte>.Shared.Rent(grown);
            data.AsSpan(0, filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(data);
            data = larger;
            size = grown;
            filled += ReadFully(stream, data, filled, size, offset + filled);
        }

        return (data, filled);
    }

    private static int ReadFully(FileStream stream, byte[] data, int start, int limit, long fileOffset)
    {
        var filled = start;
        while (filled < limit)
        {
            var read = RandomAccess.Read(stream.SafeFileHandle, data.AsSpan(filled, limit - filled), fileOffset + filled - start);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled - start;
    }
}
