namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Who is told when the approval gate holds a request (section <c>Latchkey:Approvals:Notifications</c>).
/// Nothing configured: no channel, no queue work, no cost. Secrets and webhook URLs are secret
/// references (a literal, <c>env:NAME</c> or <c>keyvault:URL</c>) and are never logged.
/// </summary>
public sealed class ApprovalNotificationOptions
{
    public const string SectionName = "Latchkey:Approvals:Notifications";

    /// <summary>Deliveries waiting or being retried at once; one more is dropped (and audited), never waited for.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Attempts per delivery, the first included; after the last failure a dead-letter audit event is written.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; each further wait doubles, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Base URL of the approvals page in messages; defaults to <c>Latchkey:PublicUrl</c>.</summary>
    public string? PageBaseUrl { get; set; }

    public WebhookNotificationOptions Webhook { get; set; } = new();

    public SlackNotificationOptions Slack { get; set; } = new();

    public TeamsNotificationOptions Teams { get; set; } = new();

    /// <summary>True when at least one channel is configured.</summary>
    public bool AnyChannel => Webhook.IsConfigured || Slack.IsConfigured || Teams.IsConfigured;
}
