using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.Approvals.Notifications;

/// <summary>The generic webhook end to end: signed delivery, retries, dead letter, and a full queue that never slows a request.</summary>
public sealed class WebhookNotificationTests : IDisposable
{
    private const string Secret = "it-webhook-secret-0123456789abcdef0123456789";
    private readonly NotificationReceiver _receiver = new();

    [Fact]
    public async Task A_held_request_is_posted_to_the_webhook_with_its_facts_and_a_signature_the_receiver_can_verify()
    {
        var (host, session) = await NotificationHost.StartAsync(Settings());
        await using var _ = host;

        var approvalId = await NotificationHost.HoldAsync(host, session);

        var delivery = Assert.Single(await _receiver.WaitForAsync("/webhook"));
        var body = delivery.RequestMessage.Body!;
        var signature = NotificationReceiver.Header(delivery, "Latchkey-Signature");
        Assert.True(Verifies(signature, body), $"signature {signature} does not verify");
        Assert.StartsWith("ntf_", NotificationReceiver.Header(delivery, "Latchkey-Delivery"), StringComparison.Ordinal);
        var approval = NotificationReceiver.Json(delivery).GetProperty("approval");
        Assert.Equal(approvalId, approval.GetProperty("id").GetString());
        Assert.Equal(
            ["POST", "mail", "/gmail/v1/users/me/messages/1", "mail.send", "bot", "alice", "acme"],
            new[] { "method", "provider", "path", "rule_id", "agent_id", "user_id", "tenant" }.Select(k => approval.GetProperty(k).GetString()));
        Assert.Contains("labels=a", approval.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("<b>quarterly</b>", approval.GetProperty("body_preview").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://latchkey.example.com/v1/ui/approvals", NotificationReceiver.Json(delivery).GetProperty("approvals_url").GetString());
        Assert.DoesNotContain(session.Token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Id, body, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29.notify", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_sending_the_pending_request_with_its_approval_id_does_not_notify_again()
    {
        var (host, session) = await NotificationHost.StartAsync(Settings());
        await using var _ = host;
        var approvalId = await NotificationHost.HoldAsync(host, session);
        await _receiver.WaitForAsync("/webhook");

        await NotificationHost.HoldAsync(host, session, approvalId: approvalId);
        await NotificationHost.HoldAsync(host, session, message: "2");

        await _receiver.WaitForAsync("/webhook", count: 2);
        Assert.Equal(2, _receiver.Received("/webhook").Count);
    }

    [Fact]
    public async Task A_receiver_that_fails_first_is_retried_until_it_accepts()
    {
        _receiver.Server.Given(Request.Create().WithPath("/webhook").UsingPost()).InScenario("flaky").WillSetStateTo("recovered")
            .AtPriority(1).RespondWith(Response.Create().WithStatusCode(503));
        var (host, session) = await NotificationHost.StartAsync(Settings());
        await using var _ = host;

        await NotificationHost.HoldAsync(host, session);

        var deliveries = await _receiver.WaitForAsync("/webhook", count: 2);
        Assert.Equal([503, 200], deliveries.Select(d => (int)d.ResponseMessage.StatusCode!));
        Assert.Equal(NotificationReceiver.Header(deliveries[0], "Latchkey-Delivery"), NotificationReceiver.Header(deliveries[1], "Latchkey-Delivery"));
        Assert.All(deliveries, d => Assert.True(Verifies(NotificationReceiver.Header(d, "Latchkey-Signature"), d.RequestMessage.Body!)));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_leaves_a_dead_letter_event_in_the_audit_stream()
    {
        _receiver.Server.Given(Request.Create().WithPath("/webhook").UsingPost()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(500));
        var (host, session) = await NotificationHost.StartAsync(Settings(("MaxAttempts", "3")));
        await using var _ = host;

        var approvalId = await NotificationHost.HoldAsync(host, session);

        var dead = Assert.Single(await NotificationHost.WaitForAuditAsync(host, e => NotificationHost.Is(e, "Reason", "notification_dead_letter")));
        Assert.Equal(3, _receiver.Received("/webhook").Count);
        Assert.Equal("latchkey.notification", dead.GetProperty("EventType").GetString());
        Assert.Equal(("webhook", approvalId, 3, 500), (dead.GetProperty("Channel").GetString(), dead.GetProperty("Target").GetString(),
            dead.GetProperty("Attempts").GetInt32(), dead.GetProperty("UpstreamStatus").GetInt32()));
        var emitted = await host.EmittedTextAsync();
        Assert.DoesNotContain(Secret, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Url + "/webhook", emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token, emitted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_queue_drops_and_audits_notifications_without_slowing_held_requests()
    {
        _receiver.Server.Given(Request.Create().WithPath("/webhook").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(20)));
        var (host, session) = await NotificationHost.StartAsync(Settings(("QueueCapacity", "1"), ("AttemptTimeout", "00:01:00")));
        await using var _ = host;
        // The first delivery holds the only slot while its receiver stalls (WireMock logs it only once answered).
        await NotificationHost.HoldAsync(host, session, message: "0");

        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= 3; i++)
        {
            await NotificationHost.HoldAsync(host, session, message: i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"three held requests took {clock.Elapsed}");
        var dropped = await NotificationHost.WaitForAuditAsync(host, e => NotificationHost.Is(e, "Reason", "notification_dropped"), count: 3);
        Assert.Equal(3, dropped.Count);
        Assert.All(dropped, e => Assert.Equal("webhook", e.GetProperty("Channel").GetString()));
    }

    public void Dispose() => _receiver.Dispose();

    /// <summary>What a receiver does (docs/notifications.md): HMAC-SHA256 over "t.body", constant-time compare, recent t.</summary>
    private static bool Verifies(string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var age = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts["t"] + "." + body));
        return Math.Abs(age) <= 300 && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [NotificationHost.Section + "Webhook:Url"] = _receiver.Url + "/webhook",
            [NotificationHost.Section + "Webhook:Secret"] = Secret,
            [NotificationHost.Section + "InitialBackoff"] = "00:00:00.050",
            [NotificationHost.Section + "MaxBackoff"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra)
        {
            settings[NotificationHost.Section + key] = value;
        }

        return settings;
    }
}
