using Latchkey.Approvals.Notifications;
using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Tests.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>What a hold queues: one delivery per configured channel that takes the tenant; a full queue drops and audits.</summary>
public sealed class ApprovalNotifierTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingAuditTrail _trail = new();

    [Fact]
    public void Nothing_is_queued_when_no_channel_is_configured()
    {
        var (notifier, queue) = Create(new ApprovalNotificationOptions());

        notifier.Notify(NotificationTestData.Approval());

        Assert.Equal(0, queue.InFlight);
        Assert.Empty(_trail.Events);
    }

    [Fact]
    public void Each_configured_channel_gets_one_delivery_with_the_page_link()
    {
        var (notifier, queue) = Create(new ApprovalNotificationOptions
        {
            PageBaseUrl = "https://approvals.example.com/",
            Webhook = { Url = "https://hooks.example.com/x", Secret = NotificationTestData.WebhookSecret },
            Teams = { WebhookUrl = "https://teams.example.com/x" },
        });

        notifier.Notify(NotificationTestData.Approval());

        Assert.Equal(2, queue.InFlight);
        Assert.True(queue.Reader.TryRead(out var first));
        Assert.True(queue.Reader.TryRead(out var second));
        Assert.Equal(["teams", "webhook"], new[] { first!.Channel.Name, second!.Channel.Name }.Order(StringComparer.Ordinal));
        Assert.Equal("https://approvals.example.com/v1/ui/approvals", first.Notice.PageUrl);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void A_channel_limited_to_other_tenants_gets_nothing()
    {
        var (notifier, queue) = Create(new ApprovalNotificationOptions
        {
            Teams = { WebhookUrl = "https://teams.example.com/x", Tenants = ["acme"] },
        });

        notifier.Notify(NotificationTestData.Approval("evil"));

        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public void A_full_queue_drops_the_delivery_at_once_and_audits_the_drop()
    {
        var (notifier, queue) = Create(new ApprovalNotificationOptions
        {
            QueueCapacity = 1,
            Teams = { WebhookUrl = "https://teams.example.com/x?sig=teams-url-secret" },
        });

        notifier.Notify(NotificationTestData.Approval());
        notifier.Notify(NotificationTestData.Approval() with { Id = "apr_test2" });

        Assert.Equal(1, queue.InFlight);
        var dropped = Assert.Single(_trail.Events);
        Assert.Equal(
            (AuditEvent.NotificationEventType, "notification_dropped", "teams", "apr_test2", 0),
            (dropped.EventType, dropped.Reason, dropped.Channel, dropped.Target, dropped.Attempts));
        Assert.DoesNotContain("teams-url-secret", string.Join(",", AuditPropertyNames.Properties(dropped).Select(p => p.Value)), StringComparison.Ordinal);
    }

    private (ApprovalNotifier Notifier, NotificationQueue Queue) Create(ApprovalNotificationOptions settings)
    {
        var options = Options.Create(settings);
        var secrets = new NotificationTestData.LiteralSecrets();
        var queue = new NotificationQueue(options);
        INotificationChannel[] channels = [new WebhookChannel(options, secrets, _time), new SlackChannel(options, secrets), new TeamsChannel(options, secrets)];
        var publicUrl = new PublicUrl(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = "https://latchkey.example.com" }).Build());
        var notifier = new ApprovalNotifier(channels, queue, new NotificationAudit(_trail, _time, NullLogger<NotificationAudit>.Instance), options, publicUrl, NullLogger<ApprovalNotifier>.Instance);
        return (notifier, queue);
    }
}
