namespace Latchkey.Approvals.Notifications;

/// <summary>
/// What a message about a held request is made from: the approval (query and body preview as the
/// page shows them: secrets masked, text as text) and the link to the approvals page. Each
/// channel picks the facts it shows; none shows the session id or the fingerprint.
/// </summary>
internal sealed record ApprovalNotice(ApprovalRecord Approval, string PageUrl);
