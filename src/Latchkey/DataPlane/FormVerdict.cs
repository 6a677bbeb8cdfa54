using Latchkey.Forwarding;

namespace Latchkey.DataPlane;

/// <summary>What checking a form body for method-override fields and session tokens found.</summary>
internal enum FormVerdict
{
    Clean,
    MethodOverride,

    /// <summary>Malformed: a parser could read it differently from the check (fail closed).</summary>
    Unreadable,

    /// <summary>A field holds something shaped like a session token, which must never be forwarded.</summary>
    SessionToken,

    /// <summary>Larger than <see cref="ForwardingOptions.FormCheckBytes"/>: it cannot be checked.</summary>
    TooLarge,
}
