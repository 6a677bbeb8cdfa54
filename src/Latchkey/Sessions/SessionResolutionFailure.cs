namespace Latchkey.Sessions;

/// <summary>Why a request carries no usable agent session.</summary>
public enum SessionResolutionFailure
{
    None,

    /// <summary>No <c>Authorization</c> header at all.</summary>
    NoCredential,

    /// <summary>Two or more <c>Authorization</c> headers: they could be read differently behind us.</summary>
    MultipleCredentials,

    /// <summary>Not a well-formed session token in an accepted scheme.</summary>
    Malformed,

    /// <summary>Unknown, expired or revoked.</summary>
    Unknown,

    /// <summary>The session store could not be asked: fail closed with 503.</summary>
    StoreUnavailable,
}
