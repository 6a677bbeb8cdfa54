using System.Text;
using Latchkey.Credentials;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Approvals.Notifications;

/// <summary>
/// The Slack callback when it cannot decide anything: not configured (404), or its signing secret
/// cannot be read right now (a vault outage: 503 <c>credential_unavailable</c>, not
/// <c>audit_unavailable</c>, which says the audit trail failed). Both are answered and audited
/// like every other callback, with <c>Channel: slack</c> (docs/contract.md §4).
/// </summary>
public sealed class SlackCallbackAvailabilityTests
{
    private const string ActionsPath = "/v1/approvals/slack/actions";
    private const string Rules = """
        rules:
          - id: mail.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages
            scopes: [email.read]
            action: allow
        """;

    [Fact]
    public async Task Callback_while_slack_buttons_are_not_configured_is_404_and_audited()
    {
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules);

        using var response = await PostCallbackAsync(host);

        await ErrorAssert.IsErrorAsync(response, 404, "not_found");
        var audited = await host.WaitForAuditEventAsync(response);
        Assert.Equal(("approval.slack_action", "denied", "slack", 404, "not_found"), Fields(audited));
    }

    [Fact]
    public async Task Callback_whose_signing_secret_cannot_be_read_is_503_credential_unavailable_and_audited()
    {
        var section = NotificationHost.Section + "Slack:";
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, settings: new Dictionary<string, string?>
        {
            [NotificationHost.Section + "PageBaseUrl"] = "https://latchkey.example.com",
            [section + "BotToken"] = "xoxb-it-bot-token-0123456789",
            [section + "Channel"] = "C0APPROVALS",
            [section + "SigningSecret"] = "it-slack-signing-secret-0123456789abcdef",
            [section + "Approvers:acme:U0ALICE:UserId"] = "alice",
        }, services: s => s.AddSingleton<ISecretResolver, UnreachableVault>());

        using var response = await PostCallbackAsync(host);

        await ErrorAssert.IsErrorAsync(response, 503, "credential_unavailable");
        var audited = await host.WaitForAuditEventAsync(response);
        Assert.Equal(("approval.slack_action", "failed", "slack", 503, "credential_unavailable"), Fields(audited));
    }

    private static Task<HttpResponseMessage> PostCallbackAsync(LatchkeyTestHost host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ActionsPath)
        {
            Content = new StringContent("payload=%7B%7D", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        return host.Client.SendAsync(request);
    }

    private static (string?, string?, string?, int, string?) Fields(System.Text.Json.JsonElement e) =>
        (e.GetProperty("Action").GetString(), e.GetProperty("Decision").GetString(), e.GetProperty("Channel").GetString(),
         e.GetProperty("Status").GetInt32(), e.GetProperty("Reason").GetString());

    /// <summary>A secret store that is down: every lookup comes back empty, as the real resolver's do then.</summary>
    private sealed class UnreachableVault : ISecretResolver
    {
        public ValueTask<string?> ResolveAsync(SecretReference reference, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    }
}
