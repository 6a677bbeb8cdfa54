using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals.Notifications;

/// <summary>
/// Slack end to end: the bot posts the message with Approve/Deny buttons, and Slack's signed
/// callback decides through the same approval service; forged, stale, unknown and cross-tenant
/// callbacks are refused and audited.
/// </summary>
public sealed class SlackNotificationTests : IAsyncLifetime
{
    private const string BotToken = "xoxb-it-bot-token-0123456789";
    private const string SigningSecret = "it-slack-signing-secret-0123456789abcdef";
    private const string ActionsPath = "/v1/approvals/slack/actions";

    private readonly NotificationReceiver _receiver = new();
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        var section = NotificationHost.Section + "Slack:";
        (_host, _session) = await NotificationHost.StartAsync(new Dictionary<string, string?>
        {
            [section + "BotToken"] = BotToken,
            [section + "Channel"] = "C0APPROVALS",
            [section + "ApiBaseUrl"] = _receiver.Url + "/slack/api",
            [section + "SigningSecret"] = SigningSecret,
            [section + "Approvers:acme:U0ALICE:UserId"] = "alice",
            [section + "Approvers:acme:U0SECOPS:UserId"] = "secops",
            [section + "Approvers:acme:U0SECOPS:Admin"] = "true",
            [section + "Approvers:evil:U0EVIL:UserId"] = "root",
            [section + "Approvers:evil:U0EVIL:Admin"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _receiver.Dispose();
    }

    [Fact]
    public async Task The_bot_posts_the_facts_with_approve_and_deny_buttons_to_the_channel()
    {
        var approvalId = await NotificationHost.HoldAsync(_host, _session);

        var posted = Assert.Single(await _receiver.WaitForAsync("/slack/api/chat.postMessage"));
        Assert.Equal("Bearer " + BotToken, NotificationReceiver.Header(posted, "Authorization"));
        var message = NotificationReceiver.Json(posted);
        Assert.Equal("C0APPROVALS", message.GetProperty("channel").GetString());
        var text = posted.RequestMessage.Body!;
        foreach (var fact in new[] { "Method: POST", "Provider: mail", "Path: /gmail/v1/users/me/messages/1", "Rule: mail.send", "Agent: bot", "User: alice", "Tenant: acme", "<b>quarterly</b>", "https://latchkey.example.com/v1/ui/approvals" })
        {
            Assert.Contains(fact, text, StringComparison.Ordinal);
        }

        Assert.Contains("\"value\":\"acme|" + approvalId + "\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_session.Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_approve_click_decides_through_the_approval_service_and_the_held_request_can_be_redeemed()
    {
        var approvalId = await NotificationHost.HoldAsync(_host, _session);

        using var clicked = await ClickAsync("U0ALICE", "latchkey_approve", "acme|" + approvalId);

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        using var redeemed = await NotificationHost.SendAsync(_host, _session, approvalId: approvalId);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Single(_host.Upstream.Received);
        var decided = Assert.Single(await NotificationHost.WaitForAuditAsync(_host, e => NotificationHost.Is(e, "Action", "approval.approve")));
        Assert.Equal(("slack", "alice", "acme", approvalId, "allowed", _session.Id),
            (decided.GetProperty("Channel").GetString(), decided.GetProperty("UserId").GetString(), decided.GetProperty("Tenant").GetString(),
             decided.GetProperty("Target").GetString(), decided.GetProperty("Decision").GetString(), decided.GetProperty("SessionId").GetString()));
    }

    [Fact]
    public async Task A_tenant_admin_approver_may_deny_another_users_approval()
    {
        var approvalId = await NotificationHost.HoldAsync(_host, _session);

        using var clicked = await ClickAsync("U0SECOPS", "latchkey_deny", "acme|" + approvalId);

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        using var retried = await NotificationHost.SendAsync(_host, _session, approvalId: approvalId);
        await ErrorAssert.IsErrorAsync(retried, 403, "approval_denied");
    }

    [Theory]
    [InlineData("bad signature", 401, "slack_signature_invalid")]
    [InlineData("stale timestamp", 401, "slack_signature_stale")]
    [InlineData("no signature", 401, "slack_signature_missing")]
    [InlineData("unknown slack user", 403, "slack_approver_unknown")]
    [InlineData("another tenant's approver", 403, "slack_approver_unknown")]
    public async Task Refused_callbacks_decide_nothing_and_are_audited(string attack, int status, string reason)
    {
        var approvalId = await NotificationHost.HoldAsync(_host, _session);
        var value = "acme|" + approvalId;

        using var response = attack switch
        {
            "bad signature" => await ClickAsync("U0ALICE", "latchkey_approve", value, secret: "not-the-signing-secret-0123456789"),
            "stale timestamp" => await ClickAsync("U0ALICE", "latchkey_approve", value, age: TimeSpan.FromMinutes(6)),
            "no signature" => await ClickAsync("U0ALICE", "latchkey_approve", value, signed: false),
            "unknown slack user" => await ClickAsync("U0MALLORY", "latchkey_approve", value),
            "another tenant's approver" => await ClickAsync("U0EVIL", "latchkey_approve", value),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        Assert.Equal(status, (int)response.StatusCode);
        await AssertStillPendingAsync(approvalId);
        var refused = Assert.Single(await NotificationHost.WaitForAuditAsync(_host, e => NotificationHost.Is(e, "Reason", reason)));
        Assert.Equal(("approval.slack_action", "denied", "slack", status),
            (refused.GetProperty("Action").GetString(), refused.GetProperty("Decision").GetString(), refused.GetProperty("Channel").GetString(), refused.GetProperty("Status").GetInt32()));
    }

    [Fact]
    public async Task Another_tenants_approver_naming_their_own_tenant_cannot_reach_this_tenants_approval()
    {
        var approvalId = await NotificationHost.HoldAsync(_host, _session);

        using var response = await ClickAsync("U0EVIL", "latchkey_approve", "evil|" + approvalId);

        await ErrorAssert.IsErrorAsync(response, 404, "not_found");
        await AssertStillPendingAsync(approvalId);
        var refused = Assert.Single(await NotificationHost.WaitForAuditAsync(_host, e => NotificationHost.Is(e, "Action", "approval.approve")));
        Assert.Equal(("evil", "root", "denied", "slack"), (refused.GetProperty("Tenant").GetString(), refused.GetProperty("UserId").GetString(),
            refused.GetProperty("Decision").GetString(), refused.GetProperty("Channel").GetString()));
    }

    [Fact]
    public async Task Logs_and_audit_never_carry_the_bot_token_the_signing_secret_or_the_session_token()
    {
        var approvalId = await NotificationHost.HoldAsync(_host, _session);
        await _receiver.WaitForAsync("/slack/api/chat.postMessage");
        using var refused = await ClickAsync("U0ALICE", "latchkey_approve", "acme|" + approvalId, secret: "not-the-signing-secret-0123456789");
        using var approved = await ClickAsync("U0ALICE", "latchkey_approve", "acme|" + approvalId);
        await NotificationHost.WaitForAuditAsync(_host, e => NotificationHost.Is(e, "Action", "approval.approve"));

        var emitted = await _host.EmittedTextAsync();

        Assert.Contains(approvalId, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(BotToken, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningSecret, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(_session.Token, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain("v0=", emitted, StringComparison.Ordinal);
    }

    private async Task AssertStillPendingAsync(string approvalId)
    {
        using var read = await _host.SendAsync(HttpMethod.Get, $"/v1/approvals/{approvalId}", _session.Token);
        Assert.Equal("pending", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    /// <summary>What Slack sends when a user clicks a button: a form with the JSON payload, signed with v0.</summary>
    private Task<HttpResponseMessage> ClickAsync(
        string slackUser, string actionId, string value, string secret = SigningSecret, TimeSpan? age = null, bool signed = true)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = slackUser, username = "someone" },
            team = new { id = "T0TEAM" },
            response_url = "https://hooks.slack.com/actions/T0/1/xyz",
            actions = new[] { new { action_id = actionId, block_id = "latchkey_decision", value, type = "button" } },
        });
        var body = "payload=" + Uri.EscapeDataString(payload);
        var timestamp = (DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, ActionsPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (signed)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(mac));
        }

        return _host.Client.SendAsync(request);
    }
}
