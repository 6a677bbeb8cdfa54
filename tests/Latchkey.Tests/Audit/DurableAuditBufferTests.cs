using System.Text;
using Latchkey.Audit;
using Latchkey.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Audit;

public sealed class DurableAuditBufferTests : IDisposable
{
    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Appended_lines_are_on_disk_when_append_returns()
    {
        using var buffer = Create();

        Assert.True(buffer.TryAppend("{\"a\":1}"u8));
        Assert.True(buffer.TryAppend("{\"a\":2}"u8));

        var segment = Assert.Single(buffer.Snapshot().Segments);
        Assert.Equal("{\"a\":1}\n{\"a\":2}\n", File.ReadAllText(buffer.PathOf(segment)));
        Assert.Matches(@"^audit-20261122180000000-\d{6}\.clef$", segment.FileName);
    }

    [Fact]
    public void Segment_rolls_when_the_next_line_would_pass_SegmentBytes()
    {
        using var buffer = Create(segmentBytes: 22);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(buffer.TryAppend("0123456789"u8));
        }

        var snapshot = buffer.Snapshot();
        Assert.Equal(3, snapshot.Segments.Count);
        Assert.Equal(snapshot.Segments[^1], snapshot.Current);
        Assert.All(snapshot.Segments.Take(2), s => Assert.Equal(22, new FileInfo(buffer.PathOf(s)).Length));
    }

    [Fact]
    public async Task Awaited_append_has_its_line_on_disk()
    {
        using var buffer = Create();

        Assert.True(await buffer.AppendAsync("{\"a\":1}"u8));

        Assert.Equal("{\"a\":1}\n", File.ReadAllText(buffer.PathOf(Assert.Single(buffer.Snapshot().Segments))));
    }

    [Fact]
    public async Task Lines_appended_from_many_threads_are_each_written_once_in_each_writers_order()
    {
        using var buffer = Create(segmentBytes: 4096);
        const int writers = 8;
        const int linesEach = 300;

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var pending = new List<Task<bool>>();
            for (var i = 0; i < linesEach; i++)
            {
                pending.Add(buffer.AppendAsync(Encoding.UTF8.GetBytes($"w{writer}-{i:D4}")));
                if (i % 7 == 0)
                {
                    await pending[^1];
                }
            }

            return await Task.WhenAll(pending);
        })));

        Assert.All(results.SelectMany(r => r), Assert.True);
        var lines = ReadAll(buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(writers * linesEach, lines.Length);
        for (var writer = 0; writer < writers; writer++)
        {
            var own = lines.Where(l => l.StartsWith($"w{writer}-", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, linesEach).Select(i => $"w{writer}-{i:D4}"), own);
        }

        Assert.All(buffer.Snapshot().Segments, s => Assert.True(new FileInfo(buffer.PathOf(s)).Length <= 4096));
    }

    [Fact]
    public async Task A_batch_larger_than_the_segment_room_is_split_at_line_boundaries()
    {
        using var buffer = Create(segmentBytes: 22);

        var written = new[] { "0123456789", "abcdefghij", "a line longer than a segment", "klmnopqrst", "uvwxyz0123" }
            .Select(line => buffer.AppendAsync(Encoding.UTF8.GetBytes(line)))
            .ToList();
        buffer.FlushPending();

        Assert.All(await Task.WhenAll(written), Assert.True);
        var segments = buffer.Snapshot().Segments;
        Assert.Equal(
            ["0123456789\nabcdefghij\n", "a line longer than a segment\n", "klmnopqrst\nuvwxyz0123\n"],
            segments.Select(s => File.ReadAllText(buffer.PathOf(s))));
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData(null)]
    public async Task A_batch_whose_next_segment_cannot_be_created_leaves_none_of_its_lines_behind(string? alreadyWritten)
    {
        using var buffer = Create(segmentBytes: 22);
        if (alreadyWritten is not null)
        {
            Assert.True(buffer.TryAppend(Encoding.UTF8.GetBytes(alreadyWritten)));
        }

        // The second segment's name is taken by a folder: the roll to it fails mid-batch.
        Directory.CreateDirectory(buffer.PathOf(SegmentName.Create(_time.GetUtcNow(), 1)));
        string[] lines = ["abcdefghij", "klmnopqrst", "uvwxyz0123"];

        var written = lines.Select(line => buffer.AppendAsync(Encoding.UTF8.GetBytes(line))).ToList();
        buffer.FlushPending();
        var results = await Task.WhenAll(written);

        // A refused line must not reach Seq: the writer was answered 503 and nothing was forwarded.
        Assert.Contains(false, results);
        var onDisk = ReadAll(buffer);
        Assert.All(lines.Zip(results), pair => Assert.Equal(pair.Second, onDisk.Contains(pair.First, StringComparison.Ordinal)));
        Assert.StartsWith(alreadyWritten ?? string.Empty, onDisk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_writes_what_is_pending_and_refuses_later_appends()
    {
        Task<bool> pending;
        string path;
        using (var buffer = Create())
        {
            pending = buffer.AppendAsync("last"u8);
            path = buffer.DirectoryPath;
        }

        Assert.True(await pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("last\n", File.ReadAllText(Directory.GetFiles(path, "*.clef").Single()));

        var disposed = Create();
        disposed.Dispose();
        Assert.False(await disposed.AppendAsync("late"u8));
    }

    [Fact]
    public void Segment_names_keep_write_order_when_the_clock_is_behind_after_a_restart()
    {
        using (var before = Create())
        {
            before.TryAppend("first"u8);
        }

        var behind = new FakeTimeProvider(_time.GetUtcNow().AddHours(-1));
        using var after = new DurableAuditBuffer(_temp.Path, 1024, behind, NullLogger<DurableAuditBuffer>.Instance);
        after.TryAppend("second"u8);

        var segments = after.Snapshot().Segments;
        Assert.Equal(2, segments.Count);
        Assert.Equal("first\n", File.ReadAllText(after.PathOf(segments[0])));
        Assert.Equal("second\n", File.ReadAllText(after.PathOf(segments[1])));
    }

    [Fact]
    public void A_new_instance_writes_after_the_segments_of_the_previous_one()
    {
        using (var first = Create())
        {
            first.TryAppend("old"u8);
        }

        using var second = Create();
        second.TryAppend("new"u8);

        var segments = second.Snapshot().Segments;
        Assert.Equal(2, segments.Count);
        Assert.Equal("new\n", File.ReadAllText(second.PathOf(segments[1])));
    }

    [Fact]
    public void Second_instance_on_the_same_folder_fails_with_a_helpful_message()
    {
        using var first = Create();

        var error = Assert.Throws<InvalidOperationException>(() => Create());

        Assert.Contains("Latchkey:Audit:BufferPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("another Latchkey instance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwritable_buffer_refuses_writes_and_recovers_when_writable_again()
    {
        var logs = new RecordingLoggerProvider();
        using var buffer = new DurableAuditBuffer(_temp.Path, 1, _time, logs.CreateLogger<DurableAuditBuffer>());
        Assert.True(buffer.TryAppend("one"u8));

        // Every write rolls (SegmentBytes 1); with the folder replaced by a file no segment can be created.
        var moved = _temp.Path + "-moved";
        Directory.Move(_temp.Path, moved);
        File.WriteAllText(_temp.Path, "not a folder");
        try
        {
            Assert.False(buffer.TryAppend("two"u8));
            Assert.False(buffer.IsWritable);
            Assert.False(buffer.TryAppend("three"u8));
            Assert.False(await buffer.AppendAsync("three"u8));
            var failure = Assert.Single(logs.Records, r => r.EventId.Id == 5002);
            Assert.Equal(LogLevel.Error, failure.Level);
            Assert.DoesNotContain("two", failure.Message, StringComparison.Ordinal);

            _time.Advance(DurableAuditBuffer.ProbeInterval);
            Assert.False(buffer.IsWritable);

            File.Delete(_temp.Path);
            Directory.Move(moved, _temp.Path);
            _time.Advance(DurableAuditBuffer.ProbeInterval);

            Assert.True(buffer.IsWritable);
            Assert.True(buffer.TryAppend("four"u8));
            Assert.Contains(logs.Records, r => r.EventId.Id == 5006);
            Assert.Equal("one\nfour\n", ReadAll(buffer));
        }
        finally
        {
            if (Directory.Exists(moved))
            {
                File.Delete(_temp.Path);
                Directory.Move(moved, _temp.Path);
            }
        }
    }

    [Fact]
    public void Buffer_warns_at_80_percent_of_its_cap_refuses_at_the_cap_and_resumes_once_shipping_frees_room()
    {
        var logs = new RecordingLoggerProvider();
        using var buffer = new DurableAuditBuffer(_temp.Path, 100, _time, logs.CreateLogger<DurableAuditBuffer>(), maxBufferBytes: 1000);
        var line = Encoding.ASCII.GetBytes(new string('x', 99));

        for (var i = 0; i < 8; i++)
        {
            Assert.True(buffer.TryAppend(line));
        }

        var warning = Assert.Single(logs.Records, r => r.EventId.Id == 5012);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.True(buffer.IsWritable);
        Assert.True(buffer.TryAppend(line));
        Assert.True(buffer.TryAppend(line));

        // 1000 bytes on disk: the cap. Nothing more is accepted, so requests fail closed.
        Assert.False(buffer.IsWritable);
        Assert.False(buffer.TryAppend(line));
        Assert.Equal(LogLevel.Error, Assert.Single(logs.Records, r => r.EventId.Id == 5013).Level);
        Assert.Equal(10, buffer.Snapshot().Segments.Count);

        // The shipper deletes what Seq stored; the next check sees the room.
        foreach (var shipped in buffer.Snapshot().Segments.Take(5))
        {
            File.Delete(buffer.PathOf(shipped));
        }

        _time.Advance(DurableAuditBuffer.ProbeInterval);
        Assert.True(buffer.IsWritable);
        Assert.True(buffer.TryAppend(line));
        Assert.Contains(logs.Records, r => r.EventId.Id == 5014);
    }

    [Fact]
    public void A_line_containing_a_newline_is_a_programming_error()
    {
        using var buffer = Create();

        Assert.Throws<ArgumentException>(() => buffer.TryAppend(Encoding.UTF8.GetBytes("a\nb")));
    }

    [Fact]
    public async Task Append_wakes_a_waiting_reader()
    {
        using var buffer = Create();
        var waiting = buffer.WaitForAppendAsync(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        buffer.TryAppend("x"u8);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static string ReadAll(DurableAuditBuffer buffer) =>
        string.Concat(buffer.Snapshot().Segments.Select(s => File.ReadAllText(buffer.PathOf(s))));

    private DurableAuditBuffer Create(long segmentBytes = 1024 * 1024) =>
        new(_temp.Path, segmentBytes, _time, NullLogger<DurableAuditBuffer>.Instance);
}
