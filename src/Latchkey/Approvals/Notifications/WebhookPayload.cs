using System.Text.Json.Nodes;

namespace Latchkey.Approvals.Notifications;

/// <summary>The generic webhook's JSON body (docs/notifications.md): event type, delivery id and the approval's facts.</summary>
internal static class WebhookPayload
{
    public const string EventType = "approval.requested";

    public static byte[] Create(ApprovalNotice notice, string deliveryId)
    {
        var approval = notice.Approval;
        return NotificationJson.ToUtf8(new JsonObject
        {
            ["type"] = EventType,
            ["delivery_id"] = deliveryId,
            ["approval"] = new JsonObject
            {
                ["id"] = approval.Id,
                ["tenant"] = approval.Tenant,
                ["user_id"] = approval.UserId,
                ["agent_id"] = approval.AgentId,
                ["provider"] = approval.Provider,
                ["rule_id"] = approval.RuleId,
                ["method"] = approval.Method,
                ["path"] = approval.Path,
                ["query"] = approval.Query,
                ["content_type"] = approval.ContentType,
                ["body_length"] = approval.BodyLength,
                ["body_preview"] = approval.BodyPreview,
                ["created_at"] = NotificationJson.Time(approval.CreatedAt),
                ["expires_at"] = NotificationJson.Time(approval.ExpiresAt),
            },
            ["approvals_url"] = notice.PageUrl,
        });
    }
}
