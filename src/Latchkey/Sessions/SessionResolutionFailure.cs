namespace Latchkey.Sessions;

/// <summary>Why a request carries no usable agent session.</summary>
public enum SessionResolutionFailure
{
    None,

    /// <summary>No token in any position the provider accepts.</summary>
    NoCredential,

    /// <summary>A position given twice (two <c>Authorization</c> headers, a query parameter twice): they could be read differently behind us.</summary>
    MultipleCredentials,

    /// <summary>Not a well-formed session token in an accepted scheme.</summary>
    Malformed,

    /// <summary>Two positions the provider accepts carry different tokens: one token per request.</summary>
    Conflicting,

    /// <summary>Unknown, expired or revoked.</summary>
    Unknown,

    /// <summary>The session store could not be asked: fail closed with 503.</summary>
    StoreUnavailable,
}
