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

    [Fact]
    public async Task Callback_content_that_is_not_an_audit_field_reaches_no_log_audit_line_or_answer()
    {
        // The sweep in HostileInputLoggingTests runs without Slack, where this endpoint answers
        // 404 before reading anything; here every check and the payload parser run.
        const string Marker = "HOSTILEslack5e21";
        var approvalId = await NotificationHost.HoldAsync(_host, _session);
        var value = "acme|" + approvalId;
        static string Form(string payload) => "payload=" + Uri.EscapeDataString(payload);
        var answers = new List<(int Status, string Body)>();
        async Task SendAsync(Task<HttpResponseMessage> sending)
        {
            using var response = await sending;
            answers.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        // Forged: unsigned, signed with another secret, signature and timestamp made of the marker.
        await SendAsync(PostCallbackAsync(Form(Payload("U0ALICE", "latchkey_approve", value, detail: Marker)), signed: false));
        await SendAsync(PostCallbackAsync(Form(Payload(Marker, "latchkey_approve", "acme|" + Marker, detail: Marker)), secret: "not-the-signing-secret-0123456789"));
        await SendAsync(PostCallbackAsync(Form(Payload("U0ALICE", "latchkey_approve", value)) + "&" + Marker + "=" + Marker, forged: (Marker, "v0=" + Marker)));
        await SendAsync(PostCallbackAsync(Form(Payload("U0ALICE", "latchkey_approve", value)), forged: ("1" + new string('9', 30), "v1=" + Marker)));

        // Signed, but not a Latchkey decision: another action, another type, a value without a
        // tenant, broken JSON, no payload; and an unknown approver with the marker everywhere
        // Latchkey does not read (its tenant, user and approval are audit fields).
        await SendAsync(PostCallbackAsync(Form(Payload("U0ALICE", Marker, value, detail: Marker))));
        await SendAsync(PostCallbackAsync(Form(Payload("U0ALICE", "latchkey_approve", value, type: Marker))));
        await SendAsync(PostCallbackAsync(Form(Payload("U0ALICE", "latchkey_approve", Marker))));
        await SendAsync(PostCallbackAsync(Form("{\"type\":\"block_actions\",\"user\":{\"id\":\"" + Marker)));
        await SendAsync(PostCallbackAsync(Marker + "=" + Marker));
        await SendAsync(PostCallbackAsync(Form(Payload("U0MALLORY", "latchkey_approve", value, detail: Marker)) + "&extra=" + Marker));

        Assert.Equal([401, 401, 401, 401, 400, 400, 400, 400, 400, 403], answers.Select(a => a.Status));
        await AssertStillPendingAsync(approvalId);
        await NotificationHost.WaitForAuditAsync(_host, e => NotificationHost.Is(e, "Reason", "slack_approver_unknown"));
        Assert.DoesNotContain(Marker, await _host.EmittedTextAsync(), StringComparison.Ordinal);
        Assert.All(answers, a => Assert.DoesNotContain(Marker, a.Body, StringComparison.Ordinal));
    }

    private async Task AssertStillPendingAsync(string approvalId)
    {
        using var read = await _host.SendAsync(HttpMethod.Get, $"/v1/approvals/{approvalId}", _session.Token);
        Assert.Equal("pending", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    /// <summary>What Slack sends when a user clicks a button: a form with the JSON payload, signed with v0.</summary>
    private Task<HttpResponseMessage> ClickAsync(
        string slackUser, string actionId, string value, string secret = SigningSecret, TimeSpan? age = null, bool signed = true) =>
        PostCallbackAsync("payload=" + Uri.EscapeDataString(Payload(slackUser, actionId, value)), secret, age, signed);

    /// <summary>A <c>block_actions</c> payload; <paramref name="detail"/> fills the fields Latchkey does not read.</summary>
    private static string Payload(string slackUser, string actionId, string value, string type = "block_actions", string detail = "someone") =>
        JsonSerializer.Serialize(new
        {
            type,
            user = new { id = slackUser, username = detail },
            team = new { id = "T0" + detail },
            response_url = "https://hooks.slack.com/actions/T0/1/" + detail,
            actions = new[] { new { action_id = actionId, block_id = "latchkey_decision", value, type = "button" } },
        });

    private Task<HttpResponseMessage> PostCallbackAsync(
        string body, string secret = SigningSecret, TimeSpan? age = null, bool signed = true, (string Timestamp, string Signature)? forged = null)
    {
        var timestamp = (DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, ActionsPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (forged is { } headers)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", headers.Timestamp);
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", headers.Signature);
        }
        else if (signed)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(mac));
        }

        return _host.Client.SendAsync(request);
    }
}
