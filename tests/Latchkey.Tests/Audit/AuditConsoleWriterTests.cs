using System.Text;
using Latchkey.Audit;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Audit;

public sealed class AuditConsoleWriterTests
{
    private readonly TimerCountingTimeProvider _time = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly StringWriter _gate = new();

    [Fact]
    public async Task Queued_lines_reach_the_output_in_order_one_per_line()
    {
        using var output = new RecordingOutputStream();
        using var writer = Create(output);

        for (var i = 0; i < 1000; i++)
        {
            writer.Enqueue(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"));
        }

        await AuditTestData.WaitUntilAsync(() =>
        {
            _time.Advance(AuditConsoleWriter.GatherWindow);
            return Lines(output).Length == 1000;
        });

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"{{\"n\":{i}}}"), Lines(output));
    }

    [Fact]
    public async Task A_line_after_a_quiet_spell_is_written_without_waiting_for_a_window()
    {
        using var output = new RecordingOutputStream();
        using var writer = Create(output);

        writer.Enqueue("{\"first\":1}"u8.ToArray());
        await AuditTestData.WaitUntilAsync(() => Lines(output).Length == 1);
        await AuditTestData.WaitUntilAsync(() => _time.TimersCreated == 1);
        _time.Advance(AuditConsoleWriter.GatherWindow);
        writer.Enqueue("{\"second\":2}"u8.ToArray());

        // Time stands still from here: the line is written because the writer was idle.
        await AuditTestData.WaitUntilAsync(() => Lines(output).Length == 2);
    }

    [Fact]
    public async Task Lines_queued_during_the_window_are_written_together_when_it_ends()
    {
        using var output = new RecordingOutputStream();
        using var writer = Create(output);
        writer.Enqueue("{\"a\":1}"u8.ToArray());
        await AuditTestData.WaitUntilAsync(() => _time.TimersCreated == 1);

        writer.Enqueue("{\"b\":2}"u8.ToArray());
        writer.Enqueue("{\"c\":3}"u8.ToArray());
        _time.Advance(AuditConsoleWriter.GatherWindow - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["{\"a\":1}"], Lines(output));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await AuditTestData.WaitUntilAsync(() => _time.TimersCreated == 2);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], Lines(output));
        Assert.Equal(2, output.Writes);
    }

    [Fact]
    public void Dispose_drains_what_was_queued()
    {
        using var output = new RecordingOutputStream();
        var writer = Create(output);
        writer.Enqueue("{\"last\":true}"u8.ToArray());

        writer.Dispose();

        Assert.Equal(["{\"last\":true}"], Lines(output));
    }

    [Fact]
    public async Task Dispose_writes_lines_queued_during_the_window_without_waiting_for_it_to_end()
    {
        using var output = new RecordingOutputStream();
        var writer = Create(output);
        writer.Enqueue("{\"a\":1}"u8.ToArray());
        await AuditTestData.WaitUntilAsync(() => _time.TimersCreated == 1);
        writer.Enqueue("{\"b\":2}"u8.ToArray());

        writer.Dispose();

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], Lines(output));
    }

    [Fact]
    public async Task Lines_beyond_the_queue_are_dropped_and_counted_in_a_warning_once_the_interval_has_passed()
    {
        using var output = new RecordingOutputStream(holdFirstWrite: true);
        using var writer = Create(output);
        writer.Enqueue("{\"n\":0}"u8.ToArray());
        await AuditTestData.WaitUntilAsync(() => output.FirstWriteStarted);

        // The pump is stuck in its first write: the queue fills and the rest is dropped.
        for (var i = 0; i < AuditConsoleWriter.QueueCapacity + 7; i++)
        {
            writer.Enqueue("{\"n\":1}"u8.ToArray());
        }

        _time.Advance(TimeSpan.FromSeconds(11));
        output.ReleaseFirstWrite();

        await AuditTestData.WaitUntilAsync(() => _time.TimersCreated == 1);
        _time.Advance(AuditConsoleWriter.GatherWindow);
        await AuditTestData.WaitUntilAsync(() => Lines(output).Length == AuditConsoleWriter.QueueCapacity + 1);
        var warning = Assert.Single(_logs.Records, r => r.EventId.Id == 5020);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(new KeyValuePair<string, object?>("Count", 7L), warning.State);
    }

    [Fact]
    public async Task A_failed_write_is_skipped_and_later_lines_still_reach_the_output()
    {
        using var output = new RecordingOutputStream(failFirstWrite: true);
        var writer = Create(output);
        writer.Enqueue("{\"lost\":1}"u8.ToArray());
        await AuditTestData.WaitUntilAsync(() => _time.TimersCreated == 1);
        _time.Advance(AuditConsoleWriter.GatherWindow);

        writer.Enqueue("{\"kept\":2}"u8.ToArray());
        await AuditTestData.WaitUntilAsync(() => Lines(output).Length == 1);
        writer.Dispose();

        Assert.Equal(["{\"kept\":2}"], Lines(output));
    }

    [Fact]
    public void Queuing_a_line_copies_it_without_an_allocation_per_line()
    {
        using var output = new RecordingOutputStream();
        using var writer = Create(output);
        var line = "{\"n\":1}"u8.ToArray();

        // The pump sleeps through its gathering window (time stands still), so lines only queue.
        var allocated = AllocationMeter.AllocatedBy(() =>
        {
            writer.Enqueue(line);
            return 0;
        }, 1_000);

        Assert.Equal(0, allocated);
    }

    private AuditConsoleWriter Create(RecordingOutputStream output) =>
        new(output, _gate, _time, _logs.CreateLogger<AuditConsoleWriter>());

    // The writer holds the console lock while writing; reading under it sees whole batches.
    private string[] Lines(RecordingOutputStream output)
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
