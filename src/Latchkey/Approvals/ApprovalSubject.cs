using Microsoft.Extensions.Primitives;

namespace Latchkey.Approvals;

/// <summary>Everything about a request an approval is bound to, besides its body.</summary>
internal sealed record ApprovalSubject(
    string Provider,
    string RuleId,
    string Method,
    string Path,
    string Query,
    StringValues ContentType,
    StringValues ContentEncoding);
