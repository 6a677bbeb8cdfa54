using System.Security.Cryptography;
using System.Text;
using Latchkey.Approvals.Notifications;
using Latchkey.Audit;
using Latchkey.Tests.Admin;
using Latchkey.Tests.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>Delivery of one notification: signed, retried with exponential backoff, dead-lettered in the audit stream.</summary>
public sealed class NotificationDispatcherTests : IDisposable
{
    private const string WebhookUrl = "https://hooks.example.com/latchkey?token=url-secret";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingAuditTrail _trail = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly ApprovalNotificationOptions _options = new()
    {
        MaxAttempts = 3,
        InitialBackoff = TimeSpan.FromSeconds(2),
        MaxBackoff = TimeSpan.FromMinutes(1),
        Webhook = { Url = WebhookUrl, Secret = NotificationTestData.WebhookSecret },
    };

    [Fact]
    public async Task A_failed_attempt_is_retried_after_the_backoff_and_then_delivered()
    {
        var receiver = new ScriptedReceiver(_time, 503, 200);
        var (dispatcher, queue, delivery) = Create(receiver);

        await RunAsync(dispatcher, delivery);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.True(receiver.Requests[1].At - receiver.Requests[0].At >= TimeSpan.FromSeconds(2));
        Assert.Empty(_trail.Events);
        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public async Task Every_attempt_failing_writes_one_dead_letter_event_with_channel_attempts_and_last_status()
    {
        var receiver = new ScriptedReceiver(_time, 0, 502, 500);
        var (dispatcher, queue, delivery) = Create(receiver);

        await RunAsync(dispatcher, delivery);

        Assert.Equal(3, receiver.Requests.Count);
        Assert.True(receiver.Requests[1].At - receiver.Requests[0].At >= TimeSpan.FromSeconds(2));
        Assert.True(receiver.Requests[2].At - receiver.Requests[1].At >= TimeSpan.FromSeconds(4));
        var dead = Assert.Single(_trail.Events);
        Assert.Equal(
            (AuditEvent.NotificationEventType, AuditDecisions.Failed, "notification_dead_letter", "webhook", "apr_test1", 3, 500),
            (dead.EventType, dead.Decision, dead.Reason, dead.Channel, dead.Target, dead.Attempts, dead.UpstreamStatus));
        Assert.Equal(delivery.Id, dead.RequestId);
        var audited = string.Join(",", AuditPropertyNames.Properties(dead).Select(p => p.Value));
        Assert.DoesNotContain("url-secret", audited, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationTestData.WebhookSecret, audited, StringComparison.Ordinal);
        Assert.DoesNotContain("v1=", audited, StringComparison.Ordinal);
        Assert.DoesNotContain("ses_secret_session_id", audited, StringComparison.Ordinal);
        Assert.Equal(0, queue.InFlight);

        // notifications.md: each failed attempt is a warning (3152, with its status), the abandonment an error (3153).
        var attempts = _logs.Events.Where(e => e.EventId.Id == 3152).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, e => Assert.Equal(("ApprovalNotificationAttemptFailed", LogLevel.Warning), (e.EventId.Name, e.Level)));
        Assert.Contains("status 500", attempts[2].Message, StringComparison.Ordinal);
        var abandoned = Assert.Single(_logs.Events, e => e.EventId.Id == 3153);
        Assert.Equal(("ApprovalNotificationDeadLettered", LogLevel.Error), (abandoned.EventId.Name, abandoned.Level));
        Assert.Contains("after 3 attempts", abandoned.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Events, e => e.Message.Contains("url-secret", StringComparison.Ordinal)
            || e.Message.Contains(NotificationTestData.WebhookSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_that_retrying_cannot_fix_is_dead_lettered_at_once()
    {
        var receiver = new ScriptedReceiver(_time, 404);
        var (dispatcher, _, delivery) = Create(receiver);

        await RunAsync(dispatcher, delivery);

        Assert.Single(receiver.Requests);
        Assert.Equal((1, 404), (Assert.Single(_trail.Events).Attempts, _trail.Events[0].UpstreamStatus));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_maximum()
    {
        Assert.Equal(
            [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10)],
            Enumerable.Range(1, 4).Select(a => NotificationBackoff.After(a, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10))));
        Assert.Equal(TimeSpan.FromSeconds(10), NotificationBackoff.After(500, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Each_attempt_is_signed_over_timestamp_and_body_and_keeps_its_delivery_id()
    {
        var receiver = new ScriptedReceiver(_time, 503, 204);
        var (dispatcher, _, delivery) = Create(receiver);

        await RunAsync(dispatcher, delivery);

        Assert.Equal(2, receiver.Requests.Count);
        foreach (var request in receiver.Requests)
        {
            Assert.Equal(delivery.Id, request.Headers[WebhookSignature.DeliveryHeaderName]);
            var parts = request.Headers[WebhookSignature.HeaderName].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(request.At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), parts["t"]);
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotificationTestData.WebhookSecret), Encoding.UTF8.GetBytes(parts["t"] + "." + request.Body));
            Assert.Equal(Convert.ToHexStringLower(expected), parts["v1"]);
        }

        Assert.NotEqual(receiver.Requests[0].Headers[WebhookSignature.HeaderName], receiver.Requests[1].Headers[WebhookSignature.HeaderName]);
    }

    private (NotificationDispatcher Dispatcher, NotificationQueue Queue, NotificationDelivery Delivery) Create(ScriptedReceiver receiver)
    {
        var options = Options.Create(_options);
        var queue = new NotificationQueue(options);
        var channel = new WebhookChannel(options, new NotificationTestData.LiteralSecrets(), _time);
        var delivery = new NotificationDelivery("ntf_test", channel, NotificationTestData.Notice());
        Assert.True(queue.TryEnqueue(delivery));
        var audit = new NotificationAudit(_trail, _time, NullLogger<NotificationAudit>.Instance);
        return (new NotificationDispatcher(queue, receiver, options, audit, _time, _logs.CreateLogger<NotificationDispatcher>()), queue, delivery);
    }

    /// <summary>Runs the delivery, moving the fake clock on in small steps until it is done (at most an hour of fake time).</summary>
    private async Task RunAsync(NotificationDispatcher dispatcher, NotificationDelivery delivery)
    {
        var run = dispatcher.DeliverAsync(delivery, CancellationToken.None);
        for (var step = 0; step < 36_000 && !run.IsCompleted; step++)
        {
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _logs.Dispose();
}
