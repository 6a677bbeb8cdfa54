using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Latchkey.Audit;

/// <summary>
/// Persists the shipping position in <c>checkpoint.json</c>, rewritten in place: every record
/// is padded to <see cref="RecordBytes"/> and written by one write(2) at offset 0, so each save
/// replaces the whole previous record, and a process crash leaves the old or the new one, never
/// half (the kernel finishes a started write of one page before a killed process goes).
/// </summary>
/// <remarks>
/// The shipper saves after every accepted batch, ~40 times a second under load. Creating a
/// temporary file and renaming it over the old one each time (an inode, two directory entries
/// and a journal transaction per save) was ~1 % of the process's CPU on the request path's core
/// (bench/README.md); one write to a page already in the page cache is not measurable.
/// </remarks>
internal sealed class ShipCheckpointStore : IDisposable
{
    public const string FileName = "checkpoint.json";

    /// <summary>Every record's length: JSON, then spaces, then a newline. A record never needs more than ~110.</summary>
    internal const int RecordBytes = 256;

    private readonly string _path;
    private readonly byte[] _record = new byte[RecordBytes];
    private readonly Lock _sync = new();
    private SafeFileHandle? _file;
    private bool _disposed;

    public ShipCheckpointStore(string directory)
    {
        _path = Path.Combine(directory, FileName);
    }

    /// <summary>The saved position, or null when there is none or it cannot be read.</summary>
    public ShipPosition? Load()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            // Trailing spaces pad the record; a file of the older, unpadded shape reads the same.
            using var document = JsonDocument.Parse(File.ReadAllBytes(_path));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("segment", out var segment)
                && segment.ValueKind == JsonValueKind.String
                && SegmentName.TryParse(segment.GetString(), out var name)
                && root.TryGetProperty("offset", out var offset)
                && offset.TryGetInt64(out var bytes)
                && bytes >= 0)
            {
                return new ShipPosition(name, bytes);
            }
        }
        catch (JsonException)
        {
            // Unreadable (an OS crash may tear it): shipping restarts from the oldest segment
            // (duplicates, never loss).
        }

        return null;
    }

    /// <summary>
    /// Records <paramref name="position"/>. Handed to the OS, not fsynced: the checkpoint only
    /// bounds what is re-sent after a restart, and the events it points into are not fsynced
    /// either (DurableAuditBuffer); an fsync per shipped batch stalled the request path (p99
    /// 4.2 → 11 ms in paired bench runs). After an OS crash an older or unreadable checkpoint
    /// means duplicates in Seq, never a lost event.
    /// </summary>
    public void Save(ShipPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        lock (_sync)
        {
            if (_disposed)
            {
                // Shutting down: the last position saved stands (re-sends after a restart, not loss).
                return;
            }

            FormatRecord(position, _record);
            var opened = _file is null;
            var file = _file ??= File.OpenHandle(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            RandomAccess.Write(file, _record, fileOffset: 0);

            // A file found longer than a record (not one this store wrote) would keep a stale
            // tail; once cut, this store's writes never make it longer again.
            if (opened && RandomAccess.GetLength(file) > RecordBytes)
            {
                RandomAccess.SetLength(file, RecordBytes);
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    private static void FormatRecord(ShipPosition position, Span<byte> record)
    {
        var json = new ArrayBufferWriter<byte>(RecordBytes);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("segment", position.Segment.FileName);
            writer.WriteNumber("offset", position.Offset);
            writer.WriteEndObject();
        }

        if (json.WrittenCount > RecordBytes - 1)
        {
            throw new InvalidOperationException($"A checkpoint record of {json.WrittenCount} bytes does not fit in {RecordBytes}.");
        }

        json.WrittenSpan.CopyTo(record);
        record[json.WrittenCount..^1].Fill((byte)' ');
        record[^1] = (byte)'\n';
    }
}
