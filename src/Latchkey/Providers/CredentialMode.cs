namespace Latchkey.Providers;

/// <summary>Whose credential a forwarded request carries.</summary>
public enum CredentialMode
{
    /// <summary>The session's user's own OAuth token from the vault.</summary>
    User,

    /// <summary>The provider's dedicated agent credential.</summary>
    Agent,
}
