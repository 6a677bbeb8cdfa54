namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Slack: an incoming webhook, or a bot token and channel (<c>chat.postMessage</c>); with a signing
/// secret and approvers, messages carry Approve/Deny buttons whose callbacks decide the approval.
/// </summary>
public sealed class SlackNotificationOptions
{
    public const string DefaultApiBaseUrl = "https://slack.com/api";

    /// <summary>Secret reference to an incoming webhook URL (the URL itself is the secret).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Secret reference to a bot token (<c>xoxb-</c>), used with <see cref="Channel"/>.</summary>
    public string? BotToken { get; set; }

    /// <summary>The channel id the bot posts to, e.g. <c>C0123456789</c>.</summary>
    public string? Channel { get; set; }

    /// <summary>Slack's Web API base; changed only to test against a stand-in.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Secret reference to the app's signing secret: needed for the Approve/Deny buttons.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// Per tenant, the Slack user ids allowed to decide its approvals and the Latchkey user each
    /// one decides as. A Slack user in no tenant's list is refused.
    /// </summary>
    public Dictionary<string, Dictionary<string, SlackApprover>> Approvers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Only approvals of these tenants are sent here; empty means every tenant.</summary>
    public List<string> Tenants { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(WebhookUrl) || !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>True when messages carry buttons and the callback endpoint accepts decisions.</summary>
    public bool IsInteractive => IsConfigured && !string.IsNullOrWhiteSpace(SigningSecret);
}
