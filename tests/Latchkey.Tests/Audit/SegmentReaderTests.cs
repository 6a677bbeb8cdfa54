using System.Text;
using Latchkey.Audit;
using Latchkey.Testing;

namespace Latchkey.Tests.Audit;

public sealed class SegmentReaderTests
{
    [Fact]
    public void Body_is_the_lines_with_their_newlines_as_they_lie_in_the_segment()
    {
        using var folder = TempRoot.Create("latchkey-audit-");
        var path = Write(folder, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");

        using var batch = SegmentReader.Read(path, 0, maxEvents: 10, maxBytes: 1024);

        Assert.Equal(3, batch.Lines.Count);
        Assert.Equal("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n", Text(batch.Body(0, 3)));
        Assert.Equal("{\"b\":2}\n{\"c\":3}\n", Text(batch.Body(1, 2)));
        Assert.Equal("{\"b\":2}\n", Text(batch.Body(1, 1)));
    }

    [Fact]
    public void Body_from_a_later_offset_starts_at_that_line()
    {
        using var folder = TempRoot.Create("latchkey-audit-");
        var path = Write(folder, "first\nsecond\nthird\npartial");

        using var batch = SegmentReader.Read(path, "first\n".Length, maxEvents: 10, maxBytes: 1024);

        Assert.Equal(["second", "third"], batch.Lines.Select(l => Encoding.UTF8.GetString(l.Span)));
        Assert.Equal([13L, 19L], batch.EndOffsets);
        Assert.Equal("second\nthird\n", Text(batch.Body(0, 2)));
    }

    [Fact]
    public void An_event_larger_than_a_batch_is_read_whole()
    {
        using var folder = TempRoot.Create("latchkey-audit-");
        var big = new string('x', 5000);
        var path = Write(folder, big + "\nnext\n");

        using var batch = SegmentReader.Read(path, 0, maxEvents: 10, maxBytes: 100);

        Assert.Equal(big + "\n", Text(batch.Body(0, 1)));
    }

    [Fact]
    public void A_batch_of_a_few_events_reads_about_what_it_ships_not_up_to_the_byte_limit()
    {
        // 4 000 lines of 100 bytes behind the shipping position: a batch of ten needs one chunk.
        using var folder = TempRoot.Create("latchkey-audit-");
        var line = new string('x', 99) + "\n";
        var path = Write(folder, string.Concat(Enumerable.Repeat(line, 4_000)));

        using var batch = SegmentReader.Read(path, 0, maxEvents: 10, maxBytes: 1024 * 1024);

        Assert.Equal(10, batch.Lines.Count);
        Assert.Equal(1_000L, batch.EndOffsets[^1]);
        Assert.Equal(SegmentReader.ChunkBytes, batch.BytesRead);
    }

    [Fact]
    public void Lines_spread_over_several_chunks_are_all_read_up_to_the_event_limit()
    {
        using var folder = TempRoot.Create("latchkey-audit-");
        var line = new string('y', 999) + "\n";
        var path = Write(folder, string.Concat(Enumerable.Repeat(line, 300)));

        using var batch = SegmentReader.Read(path, 0, maxEvents: 200, maxBytes: 1024 * 1024);

        Assert.Equal(200, batch.Lines.Count);
        Assert.All(batch.Lines, l => Assert.Equal(999, l.Length));
        Assert.Equal(200_000L, batch.EndOffsets[^1]);
        Assert.Equal(string.Concat(Enumerable.Repeat(line, 200)), Text(batch.Body(0, 200)));
    }

    [Fact]
    public void A_disposed_batch_refuses_to_hand_out_its_returned_buffer()
    {
        using var folder = TempRoot.Create("latchkey-audit-");
        var path = Write(folder, "one\n");
        var batch = SegmentReader.Read(path, 0, maxEvents: 10, maxBytes: 1024);

        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => batch.Body(0, 1));
    }

    private static string Write(TempRoot folder, string content)
    {
        var path = Path.Combine(folder.Path, "segment.clef");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
