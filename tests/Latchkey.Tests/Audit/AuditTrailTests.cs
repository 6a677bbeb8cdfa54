using System.Text;
using System.Text.Json;
using Latchkey.Audit;
using Latchkey.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Audit;

public sealed class AuditTrailTests : IDisposable
{
    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");
    private readonly RecordingLoggerProvider _logs = new();
    private readonly RecordingAuditConsole _console = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Event_goes_to_the_buffer_and_to_the_console_as_the_same_clef_line()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _console);
        var auditEvent = AuditTestData.Event(3);

        Assert.True(trail.TryWrite(auditEvent));

        var line = File.ReadAllLines(buffer.PathOf(buffer.Snapshot().Segments.Single())).Single();
        Assert.Equal(line, Encoding.UTF8.GetString(Assert.Single(_console.Lines)));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("req-00003", json.GetProperty("RequestId").GetString());
        Assert.Equal("00001389", json.GetProperty("@i").GetString());
        Assert.False(json.TryGetProperty("@l", out _)); // Information, CLEF's default
    }

    [Fact]
    public async Task Group_committed_event_is_in_the_buffer_and_on_the_console_when_its_task_completes()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _console);

        Assert.True(await trail.TryWriteAsync(AuditTestData.Event(6)));

        var line = File.ReadAllLines(buffer.PathOf(buffer.Snapshot().Segments.Single())).Single();
        Assert.Equal(line, Encoding.UTF8.GetString(Assert.Single(_console.Lines)));
        Assert.Equal("req-00006", JsonDocument.Parse(line).RootElement.GetProperty("RequestId").GetString());
    }

    [Fact]
    public void Console_line_carries_every_field_of_the_event()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _console);
        var auditEvent = AuditTestData.Event(4) with { Decision = AuditDecisions.Denied, Reason = "route_denied", Status = 403 };

        trail.TryWrite(auditEvent);

        var json = JsonDocument.Parse(Assert.Single(_console.Lines)).RootElement;
        Assert.Equal("Warning", json.GetProperty("@l").GetString());
        foreach (var (name, value) in AuditPropertyNames.Properties(auditEvent))
        {
            Assert.True(json.TryGetProperty(name, out var property), $"{name} is missing");
            Assert.Equal(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), property.ValueKind == JsonValueKind.String ? property.GetString() : property.GetRawText());
        }
    }

    [Fact]
    public void Control_characters_cannot_start_a_second_console_line()
    {
        using var buffer = CreateBuffer();
        var trail = new AuditTrail(buffer, _console);

        trail.TryWrite(AuditTestData.Event(5, "/x\r\nFAKE LINE\u001b[2J"));

        var line = Encoding.UTF8.GetString(Assert.Single(_console.Lines));
        Assert.DoesNotContain(line, char.IsControl);
        Assert.Equal("/x\r\nFAKE LINE\u001b[2J", JsonDocument.Parse(line).RootElement.GetProperty("Path").GetString());
    }

    [Fact]
    public void Write_fails_when_the_buffer_cannot_be_written()
    {
        var time = new FakeTimeProvider();
        using var buffer = new DurableAuditBuffer(_temp.Path, 1, time, _logs.CreateLogger<DurableAuditBuffer>());
        var trail = new AuditTrail(buffer, _console);
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
