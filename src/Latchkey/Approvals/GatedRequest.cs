using Latchkey.Sessions;

namespace Latchkey.Approvals;

/// <summary>A request an <c>approve</c> rule gates: whose it is, what it is bound to and its buffered body.</summary>
internal sealed record GatedRequest(SessionRecord Session, ApprovalSubject Subject, HeldBody Body);
