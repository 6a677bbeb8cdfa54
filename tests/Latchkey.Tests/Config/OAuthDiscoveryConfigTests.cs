using Latchkey.Config;

namespace Latchkey.Tests.Config;

/// <summary>
/// <c>oauth.discovery</c> in providers.yaml: for remote MCP servers only, and never beside hand-written
/// endpoints; <c>oauth.registration: dynamic</c> only with discovery and never beside a configured client.
/// </summary>
public sealed class OAuthDiscoveryConfigTests
{
    [Fact]
    public void Mcp_provider_with_discovery_loads_and_can_be_connected_without_endpoints()
    {
        using var folder = new TempConfigFolder(Providers("kind: mcp", "discovery: true"));

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var oauth = result.Snapshot!.Providers["remote"].OAuth!;
        Assert.True(oauth.Discovery);
        Assert.Null(oauth.AuthorizeUrl);
        Assert.True(oauth.CanConnect);
        Assert.Equal(["issues.read"], oauth.Scopes);
    }

    [Theory]
    [InlineData("kind: mcp", "discovery: true\n      token_url: https://auth.example.com/token", "providers.remote.oauth.token_url: is discovered")]
    [InlineData("kind: mcp", "discovery: true\n      authorize_url: https://auth.example.com/authorize", "providers.remote.oauth.authorize_url: is discovered")]
    [InlineData("kind: mcp", "discovery: true\n      revoke_url: https://auth.example.com/revoke", "providers.remote.oauth.revoke_url: is discovered")]
    [InlineData("kind: http", "discovery: true", "providers.remote.oauth.discovery: is only for kind: mcp")]
    [InlineData("kind: mcp", "discovery: yes", "providers.remote.oauth.discovery: must be true or false")]
    public void Discovery_outside_its_use_is_an_error(string kind, string oauth, string error)
    {
        using var folder = new TempConfigFolder(Providers(kind, oauth));

        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded);
        Assert.Contains(error, string.Join("\n", result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamic_registration_loads_without_any_client_and_can_be_connected()
    {
        using var folder = new TempConfigFolder("""
            providers:
              remote:
                kind: mcp
                upstream: https://mcp.example.com/mcp
                oauth:
                  discovery: true
                  registration: dynamic
                  scopes: [issues.read]
            """);

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var oauth = result.Snapshot!.Providers["remote"].OAuth!;
        Assert.True(oauth.DynamicRegistration);
        Assert.Null(oauth.ClientId);
        Assert.True(oauth.CanConnect);
    }

    [Theory]
    [InlineData("discovery: true\n      registration: dynamic\n      client_id: latchkey-client", "providers.remote.oauth.client_id: is issued by the authorization server")]
    [InlineData("discovery: true\n      registration: dynamic\n      client_secret: env:SECRET", "providers.remote.oauth.client_secret: is issued by the authorization server")]
    [InlineData("discovery: true\n      registration: dynamic\n      client_auth: client_secret_post", "providers.remote.oauth.client_auth: is issued by the authorization server")]
    [InlineData("registration: dynamic\n      authorize_url: https://auth.example.com/a\n      token_url: https://auth.example.com/t", "providers.remote.oauth.registration: needs discovery: true")]
    [InlineData("discovery: true\n      registration: static", "providers.remote.oauth.registration: 'static' is not valid: use dynamic")]
    public void Dynamic_registration_beside_a_configured_client_or_without_discovery_is_an_error(string oauth, string error)
    {
        using var folder = new TempConfigFolder($"""
            providers:
              remote:
                kind: mcp
                upstream: https://mcp.example.com/mcp
                oauth:
                  {oauth}
            """);

        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded);
        Assert.Contains(error, string.Join("\n", result.Errors), StringComparison.Ordinal);
    }

    private static string Providers(string kind, string oauth) => $"""
        providers:
          remote:
            {kind}
            upstream: https://mcp.example.com/mcp
            oauth:
              {oauth}
              client_id: latchkey-client
              scopes: [issues.read]
        """;
}
