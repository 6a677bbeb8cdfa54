namespace Latchkey.Rules;

/// <summary>What the allowlist decided for one request (CONTRACT §2).</summary>
public enum RuleOutcome
{
    /// <summary>An allow rule matched and its scopes are held: forward.</summary>
    Allowed,

    /// <summary>An approve rule matched and its scopes are held: hold for a human.</summary>
    ApprovalRequired,

    /// <summary>A deny rule matched: deny overrides everything.</summary>
    Denied,

    /// <summary>Rules matched but the session lacks their scopes.</summary>
    InsufficientScope,

    /// <summary>No rule matched: deny by default.</summary>
    NoMatchingRule,

    /// <summary>A rule's conditions read a value that is ambiguous or unreadable: refuse, never judge it as absent.</summary>
    UnreadableContent,
}
