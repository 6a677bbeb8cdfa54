using System.Text.Json;

namespace Latchkey.Audit;

/// <summary>
/// Persists the shipping position in <c>checkpoint.json</c>. Written to a temporary file and
/// moved over the old one, so a process crash leaves either the old or the new checkpoint, never half.
/// </summary>
internal sealed class ShipCheckpointStore
{
    public const string FileName = "checkpoint.json";

    private readonly string _path;

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
            // Unreadable: shipping restarts from the oldest segment (duplicates, never loss).
        }

        return null;
    }

    public void Save(ShipPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("segment", position.Segment.FileName);
                writer.WriteNumber("offset", position.Offset);
                writer.WriteEndObject();
            }

            // Handed to the OS, not fsynced: the checkpoint only bounds what is re-sent after a
            // restart, and the events it points into are not fsynced either (DurableAuditBuffer).
            // An fsync per shipped batch (~30 a second under load) stalled the request path: p99
            // 4.2 -> 11 ms in paired bench runs. After an OS crash an older or unreadable
            // checkpoint means duplicates in Seq, never a lost event.
            stream.Flush(flushToDisk: false);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
