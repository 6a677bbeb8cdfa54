using Latchkey.Audit;
using Latchkey.Tests.Rules;

namespace Latchkey.Tests.Audit;

/// <summary>
/// Audit events that stress the CLEF line: hostile and non-ASCII strings in every field, null
/// fields, awkward numbers and timestamps, and every path of the canonicaliser's adversarial corpus.
/// </summary>
public static class ClefLineCases
{
    private static readonly string[] HostileStrings =
    [
        "",
        "plain",
        "/x\r\n{\"@t\":\"2020-01-01T00:00:00Z\",\"@mt\":\"forged\"}",
        "\u001b[31mred\u001b[0m\u001b]0;title\u0007",
        "quote \" backslash \\ slash / tab \t nul \u0000 del \u007f",
        "\u0085\u2028\u2029\ufeff\ufffd",
        "caf\u00e9 \u65e5\u672c \ud83d\ude00",
        "lone \ud800 high, lone \udc00 low, reversed \udc00\ud800",
        "<script>alert('x')</script> & + ` =",
        "@t",
        "{\"@x\":1}",
        new string('a', 9_000),
        string.Concat(Enumerable.Repeat("\r\n\u00e9\ud83d\ude00", 12_000)),
    ];

    private static readonly double[] Durations =
    [
        0, -0.0, 12.5, 0.1 + 0.2, 1e-7, 1e21, 1234567.891, double.Epsilon, double.MaxValue, double.MinValue,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity,

        // Durations as the data plane records them (whole microseconds), around the digit and
        // range edges of the formatter's direct path.
        4.361, 0.001, 0.01, 0.05, 0.105, 0.999, 1, 100, 1000.5, 999_999_999.999, 123_456_789.123, 1e9, 1e9 + 0.5, -4.361,
        0.0005, 1.0005, 3.1415926,
    ];

    private static readonly DateTimeOffset[] Timestamps =
    [
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.FromHours(5.5)).AddTicks(1_234_567),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8)).AddTicks(1),
    ];

    public static IEnumerable<AuditEvent> All()
    {
        var minimal = AuditTestData.MinimalEvent();
        yield return minimal;
        yield return minimal with { EventType = null!, RequestId = null!, Decision = null!, DurationMs = double.NaN };
        yield return AuditTestData.Event(1);
        yield return AuditTestData.Event(2) with
        {
            EventType = AuditEvent.AdminEventType,
            Decision = AuditDecisions.Denied,
            Reason = "route_denied",
            Status = 403,
            UpstreamStatus = null,
            Action = "session.create",
            Target = "ses_2",
        };

        foreach (var decision in new[] { AuditDecisions.Allowed, AuditDecisions.Denied, AuditDecisions.ApprovalPending, AuditDecisions.Failed, AuditDecisions.WouldDeny, "DENIED", "" })
        {
            yield return AuditTestData.Event(3) with { Decision = decision };
        }

        foreach (var (status, upstream) in new (int, int?)[] { (0, null), (-1, 0), (int.MaxValue, int.MinValue), (502, 504) })
        {
            yield return AuditTestData.Event(4) with { Status = status, UpstreamStatus = upstream };
        }

        for (var i = 0; i < Durations.Length; i++)
        {
            yield return AuditTestData.Event(5) with { DurationMs = Durations[i], Timestamp = Timestamps[i % Timestamps.Length] };
        }

        for (var i = 0; i < HostileStrings.Length; i++)
        {
            yield return WithEveryString(AuditTestData.Event(6), HostileStrings[i]);
            yield return AuditTestData.Event(7) with { Path = HostileStrings[i], Target = HostileStrings[(i + 1) % HostileStrings.Length] };
        }

        // Every printable ASCII character, alone and beside others: the formatter copies those a
        // JSON writer leaves as they are and must escape the rest exactly as the writer does.
        for (var c = 0x20; c < 0x7F; c++)
        {
            yield return AuditTestData.Event(9, "/" + (char)c) with { Reason = ((char)c).ToString(), Target = "a" + (char)c + "b" };
        }

        foreach (var bytes in new long?[] { 0, -1, long.MaxValue, long.MinValue, null })
        {
            yield return AuditTestData.Event(10) with { ResponseBytes = bytes, CredentialEchoed = bytes is null ? null : bytes > 0 };
        }

        foreach (var (target, _) in AdversarialPathCorpus.Cases)
        {
            yield return AuditTestData.Event(8, target) with { Reason = target, Action = "rule.test" };
        }
    }

    private static AuditEvent WithEveryString(AuditEvent auditEvent, string value) => auditEvent with
    {
        EventType = value,
        RequestId = value,
        Tenant = value,
        UserId = value,
        AgentId = value,
        SessionId = value,
        Provider = value,
        RuleId = value,
        Method = value,
        Path = value,
        Decision = value,
        Reason = value,
        CredentialMode = value,
        ClientIp = value,
        Action = value,
        Target = value,
    };
}
