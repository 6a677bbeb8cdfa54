using Latchkey.Providers;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>Rejects notification settings that cannot work, naming every bad key; never echoes a secret's value.</summary>
internal sealed class ApprovalNotificationOptionsValidator : IValidateOptions<ApprovalNotificationOptions>
{
    private const string Section = ApprovalNotificationOptions.SectionName;
    private const int MinSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, ApprovalNotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Range(errors, "QueueCapacity", options.QueueCapacity, 1, 100_000);
        Range(errors, "MaxAttempts", options.MaxAttempts, 1, 20);
        Between(errors, "InitialBackoff", options.InitialBackoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Between(errors, "MaxBackoff", options.MaxBackoff, options.InitialBackoff, TimeSpan.FromDays(1));
        Between(errors, "AttemptTimeout", options.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));
        if (options.PageBaseUrl is { } page
            && !(Uri.TryCreate(page, UriKind.Absolute, out var pageUri) && (pageUri.Scheme == Uri.UriSchemeHttps || pageUri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add($"{Section}:PageBaseUrl must be an absolute http(s) URL, e.g. https://latchkey.example.com.");
        }

        ValidateWebhook(errors, options.Webhook);
        ValidateSlack(errors, options.Slack);
        if (options.Teams.IsConfigured)
        {
            Url(errors, "Teams:WebhookUrl", options.Teams.WebhookUrl!);
        }

        Tenants(errors, "Webhook", options.Webhook.Tenants);
        Tenants(errors, "Slack", options.Slack.Tenants);
        Tenants(errors, "Teams", options.Teams.Tenants);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateWebhook(List<string> errors, WebhookNotificationOptions webhook)
    {
        if (!webhook.IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(webhook.Secret))
            {
                errors.Add($"{Section}:Webhook:Secret is set but Webhook:Url is not: set the receiver's URL, or remove the secret.");
            }

            return;
        }

        Url(errors, "Webhook:Url", webhook.Url!);
        if (string.IsNullOrWhiteSpace(webhook.Secret))
        {
            errors.Add($"{Section}:Webhook:Secret is required with Webhook:Url: a random string of at least {MinSecretLength} characters shared with the receiver (e.g. env:LATCHKEY_WEBHOOK_SECRET).");
            return;
        }

        if (Resolvable(errors, "Webhook:Secret", webhook.Secret) is { Length: < MinSecretLength })
        {
            errors.Add($"{Section}:Webhook:Secret must be at least {MinSecretLength} characters (e.g. openssl rand -hex 32).");
        }
    }

    private static void ValidateSlack(List<string> errors, SlackNotificationOptions slack)
    {
        var hasWebhook = !string.IsNullOrWhiteSpace(slack.WebhookUrl);
        var hasBot = !string.IsNullOrWhiteSpace(slack.BotToken);
        if (hasWebhook && hasBot)
        {
            errors.Add($"{Section}:Slack: set either WebhookUrl (incoming webhook) or BotToken and Channel (chat.postMessage), not both.");
        }

        if (hasWebhook)
        {
            Url(errors, "Slack:WebhookUrl", slack.WebhookUrl!);
        }

        if (hasBot)
        {
            Resolvable(errors, "Slack:BotToken", slack.BotToken!);
            if (!NotificationUrl.IsAcceptable(slack.ApiBaseUrl))
            {
                errors.Add($"{Section}:Slack:ApiBaseUrl must be an absolute https URL (default {SlackNotificationOptions.DefaultApiBaseUrl}).");
            }
        }

        if (hasBot != !string.IsNullOrWhiteSpace(slack.Channel))
        {
            errors.Add($"{Section}:Slack:BotToken and Slack:Channel go together: the bot posts to that channel id (e.g. C0123456789).");
        }

        var hasSigning = !string.IsNullOrWhiteSpace(slack.SigningSecret);
        if (hasSigning)
        {
            Resolvable(errors, "Slack:SigningSecret", slack.SigningSecret!);
        }

        if (hasSigning && !slack.IsConfigured)
        {
            errors.Add($"{Section}:Slack:SigningSecret is set but neither Slack:WebhookUrl nor Slack:BotToken is: configure how messages are posted.");
        }

        if (slack.Approvers.Count > 0 && !hasSigning)
        {
            errors.Add($"{Section}:Slack:Approvers need Slack:SigningSecret: button callbacks are accepted only with a verified signature.");
        }

        foreach (var (tenant, approvers) in slack.Approvers)
        {
            foreach (var (slackUser, approver) in approvers)
            {
                if (string.IsNullOrWhiteSpace(approver?.UserId))
                {
                    errors.Add($"{Section}:Slack:Approvers:{tenant}:{slackUser}:UserId is required: the Latchkey user this Slack user decides as.");
                }
            }
        }
    }

    private static void Url(List<string> errors, string key, string reference)
    {
        var value = Resolvable(errors, key, reference);
        if (value is not null && !NotificationUrl.IsAcceptable(value))
        {
            errors.Add($"{Section}:{key} must be an absolute https URL (http only to a loopback address), without user info.");
        }
    }

    /// <summary>The value of a literal or set <c>env:</c> reference (Key Vault ones are read when used), recording an unset variable.</summary>
    private static string? Resolvable(List<string> errors, string key, string reference)
    {
        var parsed = SecretReference.Parse(reference);
        if (parsed.KeyVaultSecret is not null)
        {
            return null;
        }

        var value = parsed.Resolve();
        if (value is null)
        {
            errors.Add($"{Section}:{key} names environment variable {parsed.EnvironmentVariable}, which is not set.");
        }

        return value;
    }

    private static void Tenants(List<string> errors, string channel, List<string> tenants)
    {
        if (tenants.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{Section}:{channel}:Tenants must not contain empty entries.");
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}:{key} must be between {min} and {max}.");
        }
    }

    private static void Between(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}:{key} must be between {min:c} and {max:c}.");
        }
    }
}
