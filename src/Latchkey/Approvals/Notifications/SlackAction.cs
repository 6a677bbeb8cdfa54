using System.Text.Json;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// The part of a Slack <c>block_actions</c> callback Latchkey uses: who clicked, which of its
/// buttons, and the tenant and approval the button names. Read only after the signature checked out.
/// </summary>
internal sealed record SlackAction(string SlackUserId, bool Approve, string Tenant, string ApprovalId)
{
    /// <summary>Parses the form field <c>payload</c>; null for anything else (another action, malformed JSON).</summary>
    public static SlackAction? Parse(string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || !type.ValueEquals("block_actions")
                || !root.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object
                || !user.TryGetProperty("id", out var userId) || userId.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() != 1)
            {
                return null;
            }

            var action = actions[0];
            if (action.ValueKind != JsonValueKind.Object
                || !action.TryGetProperty("action_id", out var actionId) || actionId.ValueKind != JsonValueKind.String
                || !action.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var approve = actionId.ValueEquals(SlackMessage.ApproveActionId);
            if (!approve && !actionId.ValueEquals(SlackMessage.DenyActionId))
            {
                return null;
            }

            return SlackMessage.TryParseActionValue(value.GetString(), out var tenant, out var approvalId) && userId.GetString() is { Length: > 0 } slackUser
                ? new SlackAction(slackUser, approve, tenant, approvalId)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
