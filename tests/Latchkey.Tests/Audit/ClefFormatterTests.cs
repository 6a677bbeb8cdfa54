using System.Text;
using System.Text.Json;
using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

public sealed class ClefFormatterTests
{
    [Fact]
    public void Line_carries_every_contract_field_and_the_clef_headers()
    {
        var auditEvent = AuditTestData.Event(1) with
        {
            EventType = AuditEvent.AdminEventType,
            Reason = "route_denied",
            Decision = AuditDecisions.Denied,
            Status = 403,
            Action = "session.create",
            Target = "ses_2",
        };

        var root = Parse(ClefFormatter.FormatLine(auditEvent));

        Assert.Equal("2026-11-22T18:00:00.0010000Z", root.GetProperty("@t").GetString());
        Assert.Equal(ClefFormatter.MessageTemplate, root.GetProperty("@mt").GetString());
        Assert.Equal("Warning", root.GetProperty("@l").GetString());
        Assert.Equal("00001389", root.GetProperty("@i").GetString());
        Assert.Equal("latchkey.admin", root.GetProperty("EventType").GetString());
        Assert.Equal("req-00001", root.GetProperty("RequestId").GetString());
        Assert.Equal("acme", root.GetProperty("Tenant").GetString());
        Assert.Equal("user-1", root.GetProperty("UserId").GetString());
        Assert.Equal("support-bot", root.GetProperty("AgentId").GetString());
        Assert.Equal("ses_1", root.GetProperty("SessionId").GetString());
        Assert.Equal("mail", root.GetProperty("Provider").GetString());
        Assert.Equal("mail.send", root.GetProperty("RuleId").GetString());
        Assert.Equal("POST", root.GetProperty("Method").GetString());
        Assert.Equal("/gmail/v1/users/me/messages/send", root.GetProperty("Path").GetString());
        Assert.Equal("denied", root.GetProperty("Decision").GetString());
        Assert.Equal("route_denied", root.GetProperty("Reason").GetString());
        Assert.Equal(403, root.GetProperty("Status").GetInt32());
        Assert.Equal(200, root.GetProperty("UpstreamStatus").GetInt32());
        Assert.Equal(12.5, root.GetProperty("DurationMs").GetDouble());
        Assert.Equal("user", root.GetProperty("CredentialMode").GetString());
        Assert.Equal("127.0.0.1", root.GetProperty("ClientIp").GetString());
        Assert.Equal("session.create", root.GetProperty("Action").GetString());
        Assert.Equal("ses_2", root.GetProperty("Target").GetString());
    }

    [Fact]
    public void Null_fields_are_omitted()
    {
        var names = Parse(ClefFormatter.FormatLine(AuditTestData.MinimalEvent())).EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(
            ["@t", "@mt", "@l", "@i", "EventType", "RequestId", "Decision", "Status", "DurationMs"],
            names);
    }

    [Theory]
    [InlineData(AuditDecisions.Allowed, null)]
    [InlineData(AuditDecisions.ApprovalPending, null)]
    [InlineData(AuditDecisions.Denied, "Warning")]
    [InlineData(AuditDecisions.Failed, "Warning")]
    public void Level_follows_the_decision_and_Information_is_left_to_the_clef_default(string decision, string? level)
    {
        var root = Parse(ClefFormatter.FormatLine(AuditTestData.Event(1) with { Decision = decision }));

        Assert.Equal(level, root.TryGetProperty("@l", out var written) ? written.GetString() : null);
    }

    [Theory]
    [InlineData("/x\r\n{\"@t\":\"2020-01-01T00:00:00Z\",\"@mt\":\"forged\"}")]
    [InlineData("/x\n{\"@l\":\"Fatal\"}")]
    [InlineData("/x\u001b[31mred\u001b[0m")]
    [InlineData("/x\u0085\u2028\u2029y")]
    [InlineData("/x\u0000y")]
    public void Control_characters_cannot_forge_a_line_or_reach_a_terminal(string path)
    {
        var line = ClefFormatter.FormatLine(AuditTestData.Event(1, path));

        Assert.DoesNotContain(line, b => b < 0x20 || b == 0x7f);
        var root = Parse(line);
        Assert.Equal(path, root.GetProperty("Path").GetString());
        Assert.Equal("2026-11-22T18:00:00.0010000Z", root.GetProperty("@t").GetString());
        Assert.Equal(ClefFormatter.MessageTemplate, root.GetProperty("@mt").GetString());
    }

    [Fact]
    public void Values_that_look_like_clef_keys_stay_plain_values()
    {
        var auditEvent = AuditTestData.Event(1) with { AgentId = "@t", Target = "{\"@x\":1}", Reason = "@@mt" };

        var root = Parse(ClefFormatter.FormatLine(auditEvent));

        Assert.Equal("@t", root.GetProperty("AgentId").GetString());
        Assert.Equal("{\"@x\":1}", root.GetProperty("Target").GetString());
        Assert.Equal("@@mt", root.GetProperty("Reason").GetString());
        Assert.False(root.TryGetProperty("@x", out _));
    }

    [Fact]
    public void Invalid_utf16_does_not_break_formatting()
    {
        var line = ClefFormatter.FormatLine(AuditTestData.Event(1, "/a\ud800b"));

        Assert.StartsWith("/a", Parse(line).GetProperty("Path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_are_byte_identical_to_the_reference_formatter()
    {
        var cases = ClefLineCases.All().ToArray();

        // Forward then backward: a short line after a long one must not carry bytes over.
        AssertIdentical(cases);
        AssertIdentical(cases.Reverse());
    }

    [Fact]
    public void Every_duration_the_data_plane_records_is_written_as_the_reference_writes_it()
    {
        // The data plane rounds durations to whole microseconds (Math.Round(ms, 3)); those take
        // the formatter's direct path, which must give the JSON writer's bytes for every one.
        var random = new Random(20261207);
        var durations = Enumerable.Range(0, 20_000).Select(i => i / 1000d)
            .Concat(Enumerable.Range(0, 20_000).Select(_ => Math.Round(random.NextDouble() * Math.Pow(10, random.Next(0, 10)), 3)))
            .Concat(Enumerable.Range(0, 2_000).Select(_ => random.NextDouble() * 1e4));
        var template = AuditTestData.Event(5);

        foreach (var duration in durations)
        {
            var auditEvent = template with { DurationMs = duration };
            var expected = ReferenceClefFormatter.FormatLine(auditEvent);
            var actual = ClefFormatter.FormatLine(auditEvent);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"DurationMs {duration:R}: expected {Encoding.UTF8.GetString(expected)}, got {Encoding.UTF8.GetString(actual)}");
        }
    }

    [Fact]
    public async Task Lines_formatted_on_many_threads_at_once_are_byte_identical_to_the_reference()
    {
        var cases = ClefLineCases.All().ToArray();
        var expected = cases.Select(ReferenceClefFormatter.FormatLine).ToArray();
        var actual = new byte[cases.Length][];

        await Parallel.ForAsync(0, cases.Length * 4, (i, _) =>
        {
            actual[i % cases.Length] = ClefFormatter.FormatLine(cases[i % cases.Length]);
            return ValueTask.CompletedTask;
        });

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"case {i} differs");
        }
    }

    [Fact]
    public void Each_call_returns_a_new_array_the_caller_keeps()
    {
        var first = ClefFormatter.FormatLine(AuditTestData.Event(1));
        var copy = first.ToArray();

        var second = ClefFormatter.FormatLine(AuditTestData.Event(2, "/other/path/that/is/longer/than/the/first"));

        Assert.NotSame(first, second);
        Assert.Equal(copy, first);
    }

    private static void AssertIdentical(IEnumerable<AuditEvent> cases)
    {
        var i = 0;
        foreach (var auditEvent in cases)
        {
            var expected = ReferenceClefFormatter.FormatLine(auditEvent);
            var actual = ClefFormatter.FormatLine(auditEvent);
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                Assert.Fail($"case {i} differs:\nexpected {Encoding.UTF8.GetString(expected)}\nactual   {Encoding.UTF8.GetString(actual)}");
            }

            i++;
        }
    }

    private static JsonElement Parse(byte[] line)
    {
        Assert.DoesNotContain((byte)'\n', line);
        return JsonDocument.Parse(Encoding.UTF8.GetString(line)).RootElement.Clone();
    }
}
