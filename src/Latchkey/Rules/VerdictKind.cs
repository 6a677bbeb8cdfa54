namespace Latchkey.Rules;

/// <summary>The closed set of answers a <see cref="RequestVerdict"/> can give (CONTRACT §2, §3).</summary>
public enum VerdictKind
{
    /// <summary>An allow rule matched and its scopes are held: forward.</summary>
    Allowed,

    /// <summary>An approve rule matched and its scopes are held: the approval gate holds it.</summary>
    ApprovalRequired,

    /// <summary>A deny rule matched: 403 <c>route_denied</c> naming the rule.</summary>
    Denied,

    /// <summary>No rule matched: 403 <c>route_denied</c>, deny by default.</summary>
    NoMatchingRule,

    /// <summary>Rules matched but the session lacks their scopes: 403 <c>insufficient_scope</c>.</summary>
    InsufficientScope,

    /// <summary>The request target could be read two ways: 400 <c>ambiguous_path</c>.</summary>
    AmbiguousPath,

    /// <summary>A method that is never forwarded: 405 <c>method_not_allowed</c>.</summary>
    MethodNotAllowed,

    /// <summary>The first canonical segment names no configured provider: 404 <c>unknown_provider</c>.</summary>
    UnknownProvider,

    /// <summary>A matching rule's conditions could not read the request unambiguously: 400 <c>unreadable_content</c>.</summary>
    UnreadableContent,
}
