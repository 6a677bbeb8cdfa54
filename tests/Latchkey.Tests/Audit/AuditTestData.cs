using System.Diagnostics;
using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

/// <summary>Builds audit events and waits for background work in the audit tests.</summary>
public static class AuditTestData
{
    public static AuditEvent Event(int number, string? path = null) => new()
    {
        EventType = AuditEvent.RequestEventType,
        Timestamp = new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero).AddMilliseconds(number),
        RequestId = "req-" + number.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
        Tenant = "acme",
        UserId = "user-1",
        AgentId = "support-bot",
        SessionId = "ses_1",
        Provider = "mail",
        RuleId = "mail.send",
        Method = "POST",
        Path = path ?? "/gmail/v1/users/me/messages/send",
        Decision = AuditDecisions.Allowed,
        Status = 200,
        UpstreamStatus = 200,
        DurationMs = 12.5,
        CredentialMode = "user",
        ClientIp = "127.0.0.1",
    };

    /// <summary>An event with only the required fields set: every optional one is null.</summary>
    public static AuditEvent MinimalEvent() => new()
    {
        EventType = AuditEvent.RequestEventType,
        Timestamp = DateTimeOffset.UnixEpoch,
        RequestId = "r",
        Decision = AuditDecisions.Failed,
        Status = 503,
    };

    public static IReadOnlyList<string> RequestIds(int from, int count) =>
        Enumerable.Range(from, count).Select(n => Event(n).RequestId).ToArray();

    /// <summary>Polls until the condition holds; fails the test after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < limit, "Condition not met within " + limit);
            await Task.Delay(20);
        }
    }
}
