namespace Latchkey.Admin;

/// <summary>Body of <c>POST /v1/approvals/{id}/approve|deny</c>; the body itself is optional.</summary>
internal sealed record ApprovalDecisionRequest(string? Justification);
