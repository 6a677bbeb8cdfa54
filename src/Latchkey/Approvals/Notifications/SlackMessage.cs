using System.Text;
using System.Text.Json.Nodes;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// The Slack message (Block Kit): the approval's facts and body preview as <c>plain_text</c> (a body
/// cannot inject a mrkdwn link or mention), a link to the approvals page and, when callbacks are
/// configured, Approve and Deny buttons whose value names the tenant and approval.
/// </summary>
internal static class SlackMessage
{
    public const string ApproveActionId = "latchkey_approve";
    public const string DenyActionId = "latchkey_deny";

    // Slack refuses a text object over 3000 characters.
    private const int MaxText = 2900;

    public static byte[] Create(ApprovalNotice notice, bool interactive, string? channel)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var facts = new StringBuilder();
        foreach (var (label, value) in NoticeFacts.Of(notice))
        {
            facts.Append(label).Append(": ").Append(value).Append('\n');
        }

        var actions = new JsonArray();
        if (interactive)
        {
            var value = ActionValue(notice.Approval.Tenant, notice.Approval.Id);
            actions.Add(Button(ApproveActionId, "Approve", value, "primary"));
            actions.Add(Button(DenyActionId, "Deny", value, "danger"));
        }

        actions.Add(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = "latchkey_open",
            ["text"] = PlainText("Open approvals page"),
            ["url"] = notice.PageUrl,
        });
        var message = new JsonObject
        {
            ["text"] = Escape($"Approval needed: {notice.Approval.Method} {notice.Approval.Provider} {notice.Approval.Path}"),
            ["blocks"] = new JsonArray
            {
                new JsonObject { ["type"] = "header", ["text"] = PlainText("Approval needed") },
                Section(facts.ToString().TrimEnd('\n')),
                Section("Body preview:\n" + NoticeFacts.Body(notice)),
                new JsonObject { ["type"] = "actions", ["block_id"] = "latchkey_decision", ["elements"] = actions },
            },
        };
        if (channel is not null)
        {
            message["channel"] = channel;
        }

        return NotificationJson.ToUtf8(message);
    }

    /// <summary>A button's value: tenant and approval id (ids never contain <c>|</c>).</summary>
    public static string ActionValue(string tenant, string approvalId) => tenant + "|" + approvalId;

    public static bool TryParseActionValue(string? value, out string tenant, out string approvalId)
    {
        var bar = value?.LastIndexOf('|') ?? -1;
        tenant = bar > 0 ? value![..bar] : string.Empty;
        approvalId = bar > 0 ? value![(bar + 1)..] : string.Empty;
        return tenant.Length > 0 && approvalId.Length > 0;
    }

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = PlainText(text) };

    private static JsonObject PlainText(string text) => new()
    {
        ["type"] = "plain_text",
        ["text"] = text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText), "…"),
        ["emoji"] = false,
    };

    private static JsonObject Button(string actionId, string label, string value, string style) => new()
    {
        ["type"] = "button",
        ["action_id"] = actionId,
        ["text"] = PlainText(label),
        ["value"] = value,
        ["style"] = style,
    };

    // The top-level text is a notification fallback read as mrkdwn: Slack's three control characters are escaped.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
