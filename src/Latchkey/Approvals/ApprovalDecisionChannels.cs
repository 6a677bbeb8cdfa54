namespace Latchkey.Approvals;

/// <summary>Where a human decided an approval, as the audit event's <c>Channel</c> records it.</summary>
public static class ApprovalDecisionChannels
{
    /// <summary>The management API, <c>POST /v1/approvals/{id}/approve|deny</c>.</summary>
    public const string Api = "api";

    /// <summary>The approvals page under <c>/v1/ui</c>.</summary>
    public const string Page = "page";

    /// <summary>A Slack message's Approve or Deny button.</summary>
    public const string Slack = "slack";
}
