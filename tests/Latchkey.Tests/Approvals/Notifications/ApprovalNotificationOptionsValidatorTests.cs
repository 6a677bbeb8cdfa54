using Latchkey.Approvals.Notifications;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>Notification settings are checked at start; every message names its key and never echoes a secret.</summary>
public sealed class ApprovalNotificationOptionsValidatorTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-secret";
    private static readonly ApprovalNotificationOptionsValidator Validator = new();

    [Fact]
    public void Nothing_configured_is_valid_and_has_no_channel()
    {
        var options = new ApprovalNotificationOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.False(options.AnyChannel);
    }

    [Fact]
    public void A_complete_configuration_of_every_channel_is_valid()
    {
        var options = new ApprovalNotificationOptions
        {
            PageBaseUrl = "https://latchkey.example.com",
            Webhook = { Url = "https://hooks.example.com/latchkey", Secret = Secret, Tenants = ["acme"] },
            Slack =
            {
                BotToken = "xoxb-123", Channel = "C0123", SigningSecret = Secret,
                Approvers = new() { ["acme"] = new() { ["U1"] = new SlackApprover { UserId = "alice" } } },
            },
            Teams = { WebhookUrl = "https://prod.westeurope.logic.azure.com/workflows/1?sig=abc" },
        };

        Assert.True(Validator.Validate(null, options).Succeeded, string.Join("; ", Validator.Validate(null, options).Failures ?? []));
        Assert.True(options.Slack.IsInteractive);
    }

    [Theory]
    [InlineData("webhook without secret", "Webhook:Secret is required")]
    [InlineData("short secret", "Webhook:Secret must be at least 32")]
    [InlineData("secret without url", "Webhook:Secret is set but Webhook:Url is not")]
    [InlineData("plain http to a remote host", "Webhook:Url must be an absolute https URL")]
    [InlineData("url with user info", "Webhook:Url must be an absolute https URL")]
    [InlineData("unset variable", "names environment variable LATCHKEY_TEST_UNSET_WEBHOOK_URL, which is not set")]
    [InlineData("slack both modes", "set either WebhookUrl (incoming webhook) or BotToken and Channel")]
    [InlineData("bot without channel", "Slack:BotToken and Slack:Channel go together")]
    [InlineData("approvers without signing secret", "Slack:Approvers need Slack:SigningSecret")]
    [InlineData("approver without user", "Slack:Approvers:acme:U1:UserId is required")]
    [InlineData("signing secret alone", "Slack:SigningSecret is set but neither")]
    [InlineData("teams over http", "Teams:WebhookUrl must be an absolute https URL")]
    [InlineData("zero capacity", "QueueCapacity must be between 1 and 100000")]
    [InlineData("no attempts", "MaxAttempts must be between 1 and 20")]
    [InlineData("max backoff below initial", "MaxBackoff must be between 00:00:02")]
    [InlineData("relative page url", "PageBaseUrl must be an absolute http(s) URL")]
    [InlineData("empty tenant", "Teams:Tenants must not contain empty entries")]
    public void Unusable_settings_fail_with_a_message_naming_the_key(string change, string expected)
    {
        var options = Changed(change);

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.StartsWith("Latchkey:Approvals:Notifications:", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.slack.com/services/T0/B0/", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new ApprovalNotificationOptions { QueueCapacity = 0, MaxAttempts = 0, Webhook = { Url = "ftp://x" } };

        Assert.True(Validator.Validate(null, options).Failures!.Count() >= 4);
    }

    private static ApprovalNotificationOptions Changed(string change)
    {
        var options = new ApprovalNotificationOptions();
        switch (change)
        {
            case "webhook without secret":
                options.Webhook.Url = "https://hooks.example.com/x";
                break;
            case "short secret":
                options.Webhook = new() { Url = "https://hooks.example.com/x", Secret = "short" };
                break;
            case "secret without url":
                options.Webhook.Secret = Secret;
                break;
            case "plain http to a remote host":
                options.Webhook = new() { Url = "http://hooks.example.com/x", Secret = Secret };
                break;
            case "url with user info":
                options.Webhook = new() { Url = "https://user:pw@hooks.example.com/x", Secret = Secret };
                break;
            case "unset variable":
                options.Webhook = new() { Url = "env:LATCHKEY_TEST_UNSET_WEBHOOK_URL", Secret = Secret };
                break;
            case "slack both modes":
                options.Slack = new() { WebhookUrl = "https://hooks.slack.com/services/T0/B0/abc", BotToken = "xoxb-1", Channel = "C1" };
                break;
            case "bot without channel":
                options.Slack.BotToken = "xoxb-1";
                break;
            case "approvers without signing secret":
                options.Slack = new() { WebhookUrl = "https://hooks.slack.com/services/T0/B0/abc", Approvers = new() { ["acme"] = new() { ["U1"] = new SlackApprover { UserId = "alice" } } } };
                break;
            case "approver without user":
                options.Slack = new() { WebhookUrl = "https://hooks.slack.com/services/T0/B0/abc", SigningSecret = Secret, Approvers = new() { ["acme"] = new() { ["U1"] = new SlackApprover() } } };
                break;
            case "signing secret alone":
                options.Slack.SigningSecret = Secret;
                break;
            case "teams over http":
                options.Teams.WebhookUrl = "http://teams.example.com/x";
                break;
            case "zero capacity":
                options.QueueCapacity = 0;
                break;
            case "no attempts":
                options.MaxAttempts = 0;
                break;
            case "max backoff below initial":
                options.MaxBackoff = TimeSpan.FromSeconds(1);
                break;
            case "relative page url":
                options.PageBaseUrl = "/approvals";
                break;
            case "empty tenant":
                options.Teams = new() { WebhookUrl = "https://teams.example.com/x", Tenants = [" "] };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }

        return options;
    }
}
