using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>
/// The outcome of looking up the credential for one forwarded request. Mapped to a response in
/// exactly one place (the credential step of the proxy pipeline).
/// </summary>
public abstract record CredentialResult
{
    private CredentialResult()
    {
    }

    /// <summary>A credential to inject.</summary>
    /// <param name="Token">The credential.</param>
    /// <param name="Mode">Whose credential it is.</param>
    /// <param name="Upstream">A per-user API host that replaces the provider's upstream (Salesforce), vetted by the preset.</param>
    public sealed record Issued(SecretValue Token, CredentialMode Mode, Uri? Upstream = null) : CredentialResult;

    /// <summary>The user has no usable token for the provider and must connect it.</summary>
    public sealed record ConnectionRequired : CredentialResult;

    /// <summary>The token store could not be reached: fail closed.</summary>
    public sealed record StoreUnavailable : CredentialResult;

    /// <summary>The dedicated agent credential could not be obtained (unset secret, token endpoint failure).</summary>
    public sealed record Unavailable : CredentialResult;
}
