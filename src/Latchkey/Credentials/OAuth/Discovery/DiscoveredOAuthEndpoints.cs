namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>
/// What discovery found for one remote MCP server: its authorization server's endpoints and the
/// resource identifier (RFC 8707) the server's metadata declared, which equals the configured upstream.
/// </summary>
internal sealed record DiscoveredOAuthEndpoints(Uri AuthorizeUrl, Uri TokenUrl, Uri? RevokeUrl, string Resource);
