namespace Latchkey.Approvals.Notifications;

/// <summary>The generic webhook: a JSON POST signed with HMAC-SHA256 (docs/notifications.md).</summary>
public sealed class WebhookNotificationOptions
{
    /// <summary>Secret reference to the receiver's URL (https; http only for loopback).</summary>
    public string? Url { get; set; }

    /// <summary>Secret reference to the HMAC key shared with the receiver (at least 32 characters).</summary>
    public string? Secret { get; set; }

    /// <summary>Only approvals of these tenants are sent here; empty means every tenant.</summary>
    public List<string> Tenants { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);
}
