namespace Latchkey.Credentials;

/// <summary>Latchkey's own codes for a failed connect flow (the long poll's <c>error</c>, the audit's <c>Reason</c>).</summary>
public static class ConnectFlowErrors
{
    /// <summary>The callback came from a browser other than the one bound on the link page.</summary>
    public const string BrowserMismatch = "browser_mismatch";

    /// <summary>The remote MCP server's OAuth metadata could not be discovered or was refused (docs/mcp.md).</summary>
    public const string OAuthDiscoveryFailed = "oauth_discovery_failed";

    /// <summary>No OAuth client could be registered with the remote server's authorization server (RFC 7591, docs/mcp.md).</summary>
    public const string OAuthRegistrationFailed = "oauth_registration_failed";
}
