namespace Latchkey.Credentials;

/// <summary>What became of the provider-side grant when a connection was deleted.</summary>
public enum RevocationOutcome
{
    /// <summary>The provider acknowledged the revocation (RFC 7009, or the preset's own call).</summary>
    Revoked,

    /// <summary>The provider refused, failed or could not be reached; the grant may still be live there.</summary>
    Failed,

    /// <summary>The provider has no revocation endpoint: only Latchkey's copy was deleted.</summary>
    NotSupported,
}
