namespace Latchkey.Audit;

/// <summary>
/// Keeps events Seq refused (and torn tails of crashed writes) in <c>rejected/</c>, one file per
/// source segment, so nothing leaves the audit trail silently.
/// </summary>
internal sealed class RejectedEventStore
{
    public const string FolderName = "rejected";

    private readonly string _directory;

    public RejectedEventStore(string bufferDirectory)
    {
        _directory = Path.Combine(bufferDirectory, FolderName);
    }

    public string PathFor(SegmentName segment) => Path.Combine(_directory, segment.FileName);

    public void Append(SegmentName segment, ReadOnlySpan<byte> line)
    {
        Directory.CreateDirectory(_directory);
        using var stream = new FileStream(PathFor(segment), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(line);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
    }
}
