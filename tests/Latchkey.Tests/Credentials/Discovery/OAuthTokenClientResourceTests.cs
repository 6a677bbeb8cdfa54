using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Credentials.OAuth.Discovery;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials.Discovery;

/// <summary>RFC 8707 on the token endpoint: a discovered provider's code and refresh grants name the remote MCP server.</summary>
public sealed class OAuthTokenClientResourceTests
{
    private const string TokenUrl = "https://auth.example.com/tenant/token";

    private readonly MetadataServer _server = new MetadataServer()
        .Serve("https://mcp.example.com/.well-known/oauth-protected-resource/mcp", OAuthDiscoveryClientTests.ResourceMetadata())
        .Serve("https://auth.example.com/.well-known/oauth-authorization-server/tenant", OAuthDiscoveryClientTests.AuthorizationServer())
        .Serve(TokenUrl, """{"access_token":"at-1","token_type":"Bearer","expires_in":3600}""");

    [Fact]
    public async Task Code_and_refresh_grants_of_a_discovered_provider_carry_the_resource()
    {
        var client = Client();
        var provider = OAuthDiscoveryClientTests.Provider();

        Assert.IsType<TokenEndpointResult.Success>(await client.RedeemCodeAsync(provider, "code-1", "verifier", "https://latchkey.example.test/oauth/callback", CancellationToken.None));
        Assert.IsType<TokenEndpointResult.Success>(await client.RefreshAsync(provider, new SecretValue("rt-1"), CancellationToken.None));

        var posts = _server.Posted.ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, form => Assert.Contains("resource=https%3A%2F%2Fmcp.example.com%2Fmcp", form, StringComparison.Ordinal));
        Assert.Contains("grant_type=authorization_code", posts[0], StringComparison.Ordinal);
        Assert.Contains("grant_type=refresh_token", posts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_while_discovery_fails_is_transient_and_posts_nothing()
    {
        var client = Client();
        var provider = OAuthDiscoveryClientTests.Provider("https://elsewhere.example.com/mcp");

        Assert.IsType<TokenEndpointResult.Transient>(await client.RefreshAsync(provider, new SecretValue("rt-1"), CancellationToken.None));
        Assert.Empty(_server.Posted);
    }

    private OAuthTokenClient Client() => new(
        _server,
        new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance),
        TestEndpointResolvers.Over(_server),
        NullLogger<OAuthTokenClient>.Instance);
}
