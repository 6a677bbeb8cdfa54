namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>The outcome of discovering a remote MCP server's OAuth endpoints.</summary>
internal abstract record OAuthDiscoveryResult
{
    private OAuthDiscoveryResult()
    {
    }

    public sealed record Found(DiscoveredOAuthEndpoints Endpoints) : OAuthDiscoveryResult;

    /// <summary>Discovery failed; <paramref name="Reason"/> is one of <see cref="OAuthDiscoveryFailures"/>, safe to log.</summary>
    public sealed record Failed(string Reason) : OAuthDiscoveryResult;
}
