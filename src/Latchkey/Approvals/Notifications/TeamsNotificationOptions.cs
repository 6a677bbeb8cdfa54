namespace Latchkey.Approvals.Notifications;

/// <summary>Microsoft Teams: a workflow webhook that posts an Adaptive Card (decisions happen on the page).</summary>
public sealed class TeamsNotificationOptions
{
    /// <summary>Secret reference to the workflow's URL (its query carries a signature: a secret).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Only approvals of these tenants are sent here; empty means every tenant.</summary>
    public List<string> Tenants { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(WebhookUrl);
}
