using System.Text;
using System.Text.Json;
using Latchkey.Audit;
using Latchkey.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Audit;

/// <summary>At start, every write-ahead record the previous process left without a completion gets one, <c>Outcome: unknown</c>.</summary>
public sealed class InterruptedRequestRecoveryTests : IDisposable
{
    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero));
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Forwards_without_a_completion_are_completed_as_unknown_and_completed_ones_are_left_alone()
    {
        using (var previous = Buffer())
        {
            Assert.True(previous.TryAppend(ClefFormatter.FormatLine(Forward("req-a"))));
            Assert.True(previous.TryAppend(ClefFormatter.FormatLine(Forward("req-b"))));
            Assert.True(previous.TryAppend(ClefFormatter.FormatLine(AuditTestData.Event(1) with { RequestId = "req-b" })));
        }

        using var buffer = Buffer();
        await Recovery(buffer).StartAsync(CancellationToken.None);

        var completions = Events(buffer).Where(e => e.GetProperty("EventType").GetString() == AuditEvent.RequestEventType).ToList();
        Assert.Equal(["req-b", "req-a"], completions.Select(e => e.GetProperty("RequestId").GetString()));
        Assert.Equal(AuditOutcomes.Unknown, completions[1].GetProperty("Outcome").GetString());
        Assert.Equal("/gmail/v1/users/me/messages/send", completions[1].GetProperty("Path").GetString());
    }

    [Fact]
    public async Task A_buffer_at_its_cap_still_takes_the_recovery_completions()
    {
        using (var previous = Buffer(maxBufferBytes: 4096))
        {
            Assert.True(previous.TryAppend(ClefFormatter.FormatLine(Forward("req-a"))));
            var filler = Encoding.ASCII.GetBytes(new string('x', 99));
            while (previous.IsWritable)
            {
                Assert.True(previous.TryAppend(filler));
            }
        }

        using var buffer = Buffer(maxBufferBytes: 4096);
        Assert.False(buffer.IsWritable);
        await Recovery(buffer).StartAsync(CancellationToken.None);

        var completion = Assert.Single(Events(buffer), e => e.GetProperty("EventType").GetString() == AuditEvent.RequestEventType);
        Assert.Equal(("req-a", AuditOutcomes.Unknown), (completion.GetProperty("RequestId").GetString(), completion.GetProperty("Outcome").GetString()));
        Assert.Contains("Completed 1 of 1", Assert.Single(_logs.Records, r => r.EventId.Id == 5016).Message, StringComparison.Ordinal);
        Assert.False(buffer.IsWritable);
    }

    [Fact]
    public async Task A_forward_line_that_is_not_json_is_set_aside_and_the_others_are_still_completed()
    {
        // After an OS crash a line can start with zeros the file system never got to overwrite.
        var segment = SegmentName.Create(_time.GetUtcNow(), 0);
        var damaged = "\0\0" + Encoding.UTF8.GetString(ClefFormatter.FormatLine(Forward("req-a")));
        var intact = Encoding.UTF8.GetString(ClefFormatter.FormatLine(Forward("req-b")));
        File.WriteAllText(Path.Combine(_temp.Path, segment.FileName), damaged + "\n" + intact + "\n");

        using var buffer = Buffer();
        await Recovery(buffer).StartAsync(CancellationToken.None);

        var completion = Assert.Single(Events(buffer), e => e.GetProperty("EventType").GetString() == AuditEvent.RequestEventType);
        Assert.Equal("req-b", completion.GetProperty("RequestId").GetString());
        var unreadable = Assert.Single(_logs.Records, r => r.EventId.Id == 5017);
        Assert.Equal(LogLevel.Error, unreadable.Level);
        Assert.Contains(segment.FileName, unreadable.Message, StringComparison.Ordinal);
        Assert.Equal(damaged + "\n", File.ReadAllText(Path.Combine(_temp.Path, RejectedEventStore.FolderName, segment.FileName)));
    }

    private static AuditEvent Forward(string requestId) =>
        AuditTestData.Event(0) with { EventType = AuditEvent.ForwardEventType, RequestId = requestId, Status = null, UpstreamStatus = null, DurationMs = double.NaN };

    // Recovery runs before anything else writes: lines that do not parse are only the test's own filler.
    private static List<JsonElement> Events(DurableAuditBuffer buffer) =>
        buffer.Snapshot().Segments
            .SelectMany(s => File.ReadAllLines(buffer.PathOf(s)))
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();

    private DurableAuditBuffer Buffer(long maxBufferBytes = long.MaxValue) =>
        new(_temp.Path, 1024, _time, _logs.CreateLogger<DurableAuditBuffer>(), maxBufferBytes);

    private InterruptedRequestRecovery Recovery(DurableAuditBuffer buffer) =>
        new(buffer, new AuditTrail(buffer, new RecordingAuditConsole()), _time, _logs.CreateLogger<InterruptedRequestRecovery>());
}
