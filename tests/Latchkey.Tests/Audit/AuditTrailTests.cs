using System.Text.Json;
using Latchkey.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Audit;

public sealed class AuditTrailTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Event_goes_to_the_buffer_as_clef_and_to_the_console_category()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _logs);
        var auditEvent = AuditTestData.Event(3);

        Assert.True(trail.TryWrite(auditEvent));

        var line = File.ReadAllLines(buffer.PathOf(buffer.Snapshot().Segments.Single())).Single();
        Assert.Equal("req-00003", JsonDocument.Parse(line).RootElement.GetProperty("RequestId").GetString());
        var record = Assert.Single(_logs.Records, r => r.Category == AuditTrail.CategoryName);
        Assert.Equal(5001, record.EventId.Id);
        Assert.Equal("AuditEvent", record.EventId.Name);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("latchkey.request allowed POST mail /gmail/v1/users/me/messages/send -> 200", record.Message);
    }

    [Fact]
    public void Console_event_carries_every_field_and_nothing_that_is_not_in_the_event()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _logs);
        var auditEvent = AuditTestData.Event(4) with { Decision = AuditDecisions.Denied, Reason = "route_denied", Status = 403 };

        trail.TryWrite(auditEvent);

        var record = Assert.Single(_logs.Records, r => r.Category == AuditTrail.CategoryName);
        Assert.Equal(LogLevel.Warning, record.Level);
        var expected = AuditPropertyNames.Properties(auditEvent).ToDictionary(p => p.Key, p => p.Value);
        var scope = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object>>>(Assert.Single(record.Scopes));
        Assert.Equal(expected, scope.ToDictionary(p => p.Key, p => p.Value));
        foreach (var (name, value) in record.State.Where(p => p.Key != "{OriginalFormat}"))
        {
            Assert.Equal(expected[name], value);
        }
    }

    [Fact]
    public void Control_characters_do_not_reach_the_rendered_console_message()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _logs);

        trail.TryWrite(AuditTestData.Event(5, "/x\r\nFAKE LINE\u001b[2J"));

        var record = Assert.Single(_logs.Records, r => r.Category == AuditTrail.CategoryName);
        Assert.DoesNotContain(record.Message, char.IsControl);
        Assert.Contains("/x??FAKE LINE?[2J", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_fails_when_the_buffer_cannot_be_written()
    {
        var time = new FakeTimeProvider();
        using var buffer = new DurableAuditBuffer(_temp.Path, 1, time, _logs.CreateLogger<DurableAuditBuffer>());
        var trail = new AuditTrail(buffer, _logs);
        Assert.True(trail.TryWrite(AuditTestData.Event(1)));
        var moved = _temp.Path + "-moved";
        Directory.Move(_temp.Path, moved);
        File.WriteAllText(_temp.Path, "not a folder");
        try
        {
            Assert.False(trail.TryWrite(AuditTestData.Event(2)));
            Assert.False(trail.IsWritable);
        }
        finally
        {
            File.Delete(_temp.Path);
            Directory.Move(moved, _temp.Path);
        }

        time.Advance(DurableAuditBuffer.ProbeInterval);
        Assert.True(trail.IsWritable);
        Assert.True(trail.TryWrite(AuditTestData.Event(3)));
    }

    private DurableAuditBuffer CreateBuffer() =>
        new(_temp.Path, 1024 * 1024, TimeProvider.System, _logs.CreateLogger<DurableAuditBuffer>());
}
