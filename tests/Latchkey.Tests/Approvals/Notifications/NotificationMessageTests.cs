using System.Text;
using System.Text.Json;
using Latchkey.Approvals.Notifications;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>What each channel's message shows: every fact an approver needs, text as text, nothing secret, nothing a body could inject.</summary>
public sealed class NotificationMessageTests
{
    private static readonly ApprovalNotice Notice = NotificationTestData.Notice();

    [Fact]
    public void Webhook_payload_carries_the_facts_with_text_as_text()
    {
        var json = Encoding.UTF8.GetString(WebhookPayload.Create(Notice, "ntf_1"));
        var root = JsonDocument.Parse(json).RootElement;
        var approval = root.GetProperty("approval");

        Assert.Equal(("approval.requested", "ntf_1"), (root.GetProperty("type").GetString(), root.GetProperty("delivery_id").GetString()));
        Assert.Equal("https://latchkey.example.com/v1/ui/approvals", root.GetProperty("approvals_url").GetString());
        Assert.Equal(
            ["POST", "mail", "/gmail/v1/users/me/messages/send", "?to=<bob>&key=***", "mail.send", "bot", "alice", "acme", "2026-12-06T11:00:00Z"],
            new[] { "method", "provider", "path", "query", "rule_id", "agent_id", "user_id", "tenant", "expires_at" }.Select(k => approval.GetProperty(k).GetString()));
        Assert.Equal(Notice.Approval.BodyPreview, approval.GetProperty("body_preview").GetString());
        Assert.Contains("<b>hi</b>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ses_secret_session_id", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_message_shows_the_facts_as_plain_text_with_approve_and_deny_buttons()
    {
        var json = Encoding.UTF8.GetString(SlackMessage.Create(Notice, interactive: true, "C0123"));
        var root = JsonDocument.Parse(json).RootElement;
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        var texts = blocks.Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text")).ToList();

        Assert.Equal("C0123", root.GetProperty("channel").GetString());
        Assert.All(texts, t => Assert.Equal("plain_text", t.GetProperty("type").GetString()));
        var shown = string.Join("\n", texts.Select(t => t.GetProperty("text").GetString()));
        foreach (var fact in new[] { "Method: POST", "Provider: mail", "Path: /gmail/v1/users/me/messages/send", "Query: ?to=<bob>&key=***", "Rule: mail.send", "Agent: bot", "User: alice", "Tenant: acme", "Expires: 2026-12-06T11:00:00Z", Notice.Approval.BodyPreview! })
        {
            Assert.Contains(fact, shown, StringComparison.Ordinal);
        }

        var buttons = blocks.Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements").EnumerateArray().ToList();
        Assert.Equal([SlackMessage.ApproveActionId, SlackMessage.DenyActionId, "latchkey_open"], buttons.Select(b => b.GetProperty("action_id").GetString()));
        Assert.Equal("acme|apr_test1", buttons[0].GetProperty("value").GetString());
        Assert.Equal(Notice.PageUrl, buttons[2].GetProperty("url").GetString());
        Assert.DoesNotContain("<", root.GetProperty("text").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("ses_secret_session_id", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_message_without_a_signing_secret_has_only_the_page_link()
    {
        var root = JsonDocument.Parse(SlackMessage.Create(Notice, interactive: false, null)).RootElement;

        var buttons = root.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements");
        Assert.Equal("latchkey_open", Assert.Single(buttons.EnumerateArray()).GetProperty("action_id").GetString());
        Assert.False(root.TryGetProperty("channel", out _));
    }

    [Fact]
    public void Teams_card_shows_the_facts_in_plain_text_runs_and_links_to_the_page()
    {
        var json = Encoding.UTF8.GetString(TeamsCard.Create(Notice));
        var card = JsonDocument.Parse(json).RootElement.GetProperty("attachments")[0];
        var content = card.GetProperty("content");

        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", content.GetProperty("type").GetString());
        var body = content.GetProperty("body").EnumerateArray().ToList();
        Assert.All(body.Skip(1), b => Assert.Equal("RichTextBlock", b.GetProperty("type").GetString()));
        var runs = body.Skip(1).SelectMany(b => b.GetProperty("inlines").EnumerateArray()).Select(r => r.GetProperty("text").GetString()).ToList();
        Assert.Contains("?to=<bob>&key=***", runs);
        Assert.Contains(Notice.Approval.BodyPreview, runs);
        Assert.Contains("mail.send", runs);
        var action = Assert.Single(content.GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", Notice.PageUrl), (action.GetProperty("type").GetString(), action.GetProperty("url").GetString()));
        Assert.DoesNotContain("ses_secret_session_id", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme|apr_1", "acme", "apr_1")]
    [InlineData("a|b|apr_1", "a|b", "apr_1")]
    public void Button_values_name_tenant_and_approval(string value, string tenant, string approvalId)
    {
        Assert.True(SlackMessage.TryParseActionValue(value, out var parsedTenant, out var parsedId));
        Assert.Equal((tenant, approvalId), (parsedTenant, parsedId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("apr_1")]
    [InlineData("|apr_1")]
    [InlineData("acme|")]
    public void Malformed_button_values_are_refused(string? value) =>
        Assert.False(SlackMessage.TryParseActionValue(value, out _, out _));
}
