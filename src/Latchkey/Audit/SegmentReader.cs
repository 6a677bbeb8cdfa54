namespace Latchkey.Audit;

/// <summary>
/// Reads complete lines from a segment that may still be growing: a line counts only once
/// its newline is on disk, so a half-written event is never shipped.
/// </summary>
internal static class SegmentReader
{
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

        var data = ReadUntilNewline(stream, offset, length, maxBytes);
        var lines = new List<ReadOnlyMemory<byte>>();
        var ends = new List<long>();
        var start = 0;
        while (lines.Count < maxEvents && start < data.Length)
        {
            var newline = Array.IndexOf(data, (byte)'\n', start);
            if (newline < 0)
            {
                break;
            }

            lines.Add(data.AsMemory(start, newline - start));
            ends.Add(offset + newline + 1);
            start = newline + 1;
        }

        var reachedEnd = offset + data.Length == length;
        var tail = lines.Count == 0 && reachedEnd ? data.AsMemory() : ReadOnlyMemory<byte>.Empty;
        return new SegmentBatch(lines, ends, tail);
    }

    // Reads up to maxBytes; if that holds no newline (one event larger than a batch), keeps
    // reading until one appears or the file ends, so a big event is sent alone rather than stuck.
    private static byte[] ReadUntilNewline(FileStream stream, long offset, long length, int maxBytes)
    {
        var size = (int)Math.Min(length - offset, maxBytes);
        var data = new byte[size];
        var filled = ReadFully(stream, data, 0, offset);
        while (filled == data.Length
               && Array.IndexOf(data, (byte)'\n') < 0
               && offset + filled < length)
        {
            var grown = (int)Math.Min(length - offset, Math.Min((long)data.Length * 2, Array.MaxLength));
            if (grown <= data.Length)
            {
                break;
            }

            Array.Resize(ref data, grown);
            filled += ReadFully(stream, data, filled, offset + filled);
        }

        return filled == data.Length ? data : data[..filled];
    }

    private static int ReadFully(FileStream stream, byte[] data, int start, long fileOffset)
    {
        var filled = start;
        while (filled < data.Length)
        {
            var read = RandomAccess.Read(stream.SafeFileHandle, data.AsSpan(filled), fileOffset + filled - start);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled - start;
    }
}
