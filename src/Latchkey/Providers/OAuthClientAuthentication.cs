namespace Latchkey.Providers;

/// <summary>How the proxy authenticates itself at a token endpoint (RFC 6749 §2.3.1).</summary>
public enum OAuthClientAuthentication
{
    /// <summary>HTTP Basic with the URL-encoded client id and secret.</summary>
    ClientSecretBasic,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost,
}
