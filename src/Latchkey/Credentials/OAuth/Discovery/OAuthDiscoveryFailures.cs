namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>Why discovery failed: fixed codes for the log (never a URL from a response, a body or a secret).</summary>
internal static class OAuthDiscoveryFailures
{
    /// <summary>No protected resource metadata document could be fetched (RFC 9728 §3).</summary>
    public const string ResourceMetadataUnavailable = "resource_metadata_unavailable";

    /// <summary>The metadata's <c>resource</c> is not the configured upstream (RFC 9728 §3.3).</summary>
    public const string ResourceMismatch = "resource_mismatch";

    /// <summary>The metadata names no usable authorization server.</summary>
    public const string NoAuthorizationServer = "no_authorization_server";

    /// <summary>A URL is not https (http only on loopback), carries user info or a fragment, or is private without allow_private_network.</summary>
    public const string InsecureUrl = "insecure_url";

    /// <summary>No authorization server metadata could be fetched (RFC 8414 §3, OpenID Connect Discovery).</summary>
    public const string ServerMetadataUnavailable = "server_metadata_unavailable";

    /// <summary>The server metadata's <c>issuer</c> is not the authorization server named (RFC 8414 §3.3).</summary>
    public const string IssuerMismatch = "issuer_mismatch";

    /// <summary>The server lists PKCE methods without S256.</summary>
    public const string S256Unsupported = "s256_unsupported";

    /// <summary>The server metadata lacks an authorization or token endpoint.</summary>
    public const string MissingEndpoint = "missing_endpoint";
}
