namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>
/// What discovery found for one remote MCP server: its authorization server's endpoints, the
/// resource identifier (RFC 8707) the server's metadata declared, which equals the configured upstream,
/// and what dynamic client registration needs: the RFC 7591 <c>registration_endpoint</c> as published
/// (checked only when it is used) and the token endpoint's authentication methods (RFC 8414 §2).
/// </summary>
internal sealed record DiscoveredOAuthEndpoints(Uri AuthorizeUrl, Uri TokenUrl, Uri? RevokeUrl, string Resource)
{
    public Uri? RegistrationUrl { get; init; }

    /// <summary><c>token_endpoint_auth_methods_supported</c>; RFC 8414 §2: <c>client_secret_basic</c> when absent.</summary>
    public IReadOnlyList<string> TokenEndpointAuthMethods { get; init; } = ["client_secret_basic"];
}
