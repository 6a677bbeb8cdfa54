namespace Latchkey.Approvals.Notifications;

/// <summary>The labelled facts every chat message shows, in one order, so Slack and Teams say the same.</summary>
internal static class NoticeFacts
{
    public static IReadOnlyList<(string Label, string Value)> Of(ApprovalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return
        [
            ("Method", notice.Method),
            ("Provider", notice.Provider),
            ("Path", notice.Path),
            ("Query", notice.Query.Length == 0 ? "(none)" : notice.Query),
            ("Rule", notice.RuleId),
            ("Agent", notice.AgentId),
            ("User", notice.UserId),
            ("Tenant", notice.Tenant),
            ("Expires", NotificationJson.Time(notice.ExpiresAt)),
            ("Approval", notice.ApprovalId),
        ];
    }

    /// <summary>The body preview, or a note that there is no body.</summary>
    public static string Body(ApprovalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.BodyPreview ?? "(no body)";
    }
}
