namespace Latchkey.Approvals.Notifications;

/// <summary>The labelled facts every chat message shows, in one order, so Slack and Teams say the same.</summary>
internal static class NoticeFacts
{
    public static IReadOnlyList<(string Label, string Value)> Of(ApprovalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var approval = notice.Approval;
        return
        [
            ("Method", approval.Method),
            ("Provider", approval.Provider),
            ("Path", approval.Path),
            ("Query", approval.Query.Length == 0 ? "(none)" : approval.Query),
            ("Rule", approval.RuleId),
            ("Agent", approval.AgentId),
            ("User", approval.UserId),
            ("Tenant", approval.Tenant),
            ("Expires", NotificationJson.Time(approval.ExpiresAt)),
            ("Approval", approval.Id),
        ];
    }

    /// <summary>The body preview, or a note that there is no body.</summary>
    public static string Body(ApprovalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.Approval.BodyPreview ?? "(no body)";
    }
}
