using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

/// <summary>
/// Regression guard for the per-request audit lines: the request path formats into the thread's
/// scratch buffer and allocates nothing; <see cref="ClefFormatter.FormatLine"/> allocates the
/// returned array and nothing else (bench/Microbench AuditFormattingBenchmarks measures the same).
/// </summary>
public sealed class ClefFormatterAllocationTests
{
    private const int Iterations = 1_000;

    private static readonly Dictionary<string, AuditEvent> EventsByShape = new(StringComparer.Ordinal)
    {
        ["allowed request"] = AuditTestData.Event(1),
        ["minimal failure"] = AuditTestData.MinimalEvent() with { DurationMs = double.NaN },
        ["admin action"] = AuditTestData.Event(2) with
        {
            EventType = AuditEvent.AdminEventType,
            Action = "session.create",
            Target = "ses_2",
            Timestamp = new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.FromHours(5.5)),
        },
        ["escaped path"] = AuditTestData.Event(3, "/x\r\n\u001b[2J caf\u00e9 \ud83d\ude00 \"q\""),
        ["long escaped path"] = AuditTestData.Event(4, string.Concat(Enumerable.Repeat("/\u00e9\r", 1_500))),
    };

    public static TheoryData<string> Shapes => new(EventsByShape.Keys);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Formatting_allocates_only_the_returned_line(string shape)
    {
        var auditEvent = EventsByShape[shape];
        var length = ClefFormatter.FormatLine(auditEvent).Length;

        // Zero slack: the per-thread writer and buffer are reused, the timestamp is formatted on
        // the stack, and numbers and strings go straight to the writer without boxing.
        Assert.Equal(Iterations * ArrayBytes(length), AllocationMeter.AllocatedBy(() => ClefFormatter.FormatLine(auditEvent), Iterations));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Formatting_into_the_scratch_buffer_allocates_nothing(string shape)
    {
        var auditEvent = EventsByShape[shape];
        var expected = ClefFormatter.FormatLine(auditEvent);
        Assert.Equal(expected, ClefFormatter.FormatToScratch(auditEvent).ToArray());

        Assert.Equal(0, AllocationMeter.AllocatedBy(() => ClefFormatter.FormatToScratch(auditEvent).Length, Iterations));
    }

    // What the runtime allocates for a byte[]: object header, method table and length (one
    // pointer each, the length padded), then the bytes, rounded up to a pointer.
    private static long ArrayBytes(int length) => (3L * IntPtr.Size + length + IntPtr.Size - 1) & -IntPtr.Size;
}
