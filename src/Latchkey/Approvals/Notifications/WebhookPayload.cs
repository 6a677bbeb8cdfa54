using System.Text.Json.Nodes;

namespace Latchkey.Approvals.Notifications;

/// <summary>The generic webhook's JSON body (docs/notifications.md): event type, delivery id and the approval's facts.</summary>
internal static class WebhookPayload
{
    public const string EventType = "approval.requested";

    public static byte[] Create(ApprovalNotice notice, string deliveryId) => NotificationJson.ToUtf8(new JsonObject
    {
        ["type"] = EventType,
        ["delivery_id"] = deliveryId,
        ["approval"] = new JsonObject
        {
            ["id"] = notice.ApprovalId,
            ["tenant"] = notice.Tenant,
            ["user_id"] = notice.UserId,
            ["agent_id"] = notice.AgentId,
            ["provider"] = notice.Provider,
            ["rule_id"] = notice.RuleId,
            ["method"] = notice.Method,
            ["path"] = notice.Path,
            ["query"] = notice.Query,
            ["content_type"] = notice.ContentType,
            ["body_length"] = notice.BodyLength,
            ["body_preview"] = notice.BodyPreview,
            ["created_at"] = NotificationJson.Time(notice.CreatedAt),
            ["expires_at"] = NotificationJson.Time(notice.ExpiresAt),
        },
        ["approvals_url"] = notice.PageUrl,
    });
}
