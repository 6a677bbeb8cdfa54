using System.Net;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Providers;

namespace Latchkey.Tests.Credentials.Discovery;

/// <summary>
/// Discovery of a remote MCP server's OAuth endpoints (RFC 9728, RFC 8414): from the configured
/// upstream only, refused whenever the metadata does not name that upstream, is not https, or lacks S256.
/// </summary>
public sealed class OAuthDiscoveryClientTests
{
    private const string Upstream = "https://mcp.example.com/mcp";
    private const string PathForm = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";
    private const string RootForm = "https://mcp.example.com/.well-known/oauth-protected-resource";
    private const string Issuer = "https://auth.example.com/tenant";
    private const string ServerMetadata = "https://auth.example.com/.well-known/oauth-authorization-server/tenant";

    private readonly MetadataServer _server = new();

    [Fact]
    public async Task Path_form_metadata_yields_the_authorization_servers_endpoints_and_the_resource()
    {
        _server.Serve(PathForm, ResourceMetadata()).Serve(ServerMetadata, AuthorizationServer());

        var endpoints = Assert.IsType<OAuthDiscoveryResult.Found>(await DiscoverAsync()).Endpoints;

        Assert.Equal(new Uri("https://auth.example.com/tenant/authorize"), endpoints.AuthorizeUrl);
        Assert.Equal(new Uri("https://auth.example.com/tenant/token"), endpoints.TokenUrl);
        Assert.Equal(new Uri("https://auth.example.com/tenant/revoke"), endpoints.RevokeUrl);
        Assert.Equal(Upstream, endpoints.Resource);
        Assert.Equal([PathForm, ServerMetadata], _server.Requested);
    }

    [Fact]
    public async Task Root_form_and_openid_configuration_are_the_fallbacks()
    {
        const string OpenIdAppended = "https://auth.example.com/tenant/.well-known/openid-configuration";
        _server.Serve(RootForm, ResourceMetadata()).Serve(OpenIdAppended, AuthorizationServer(revocation: null));

        var endpoints = Assert.IsType<OAuthDiscoveryResult.Found>(await DiscoverAsync()).Endpoints;

        Assert.Null(endpoints.RevokeUrl);
        Assert.Equal(
            [PathForm, RootForm, ServerMetadata, "https://auth.example.com/.well-known/openid-configuration/tenant", OpenIdAppended],
            _server.Requested);
    }

    [Theory]
    [InlineData("https://other.example.com/mcp")]
    [InlineData("https://mcp.example.com/mcp/")]
    [InlineData("https://mcp.example.com")]
    [InlineData("https://mcp.example.com/mcp/other")]
    [InlineData("http://mcp.example.com/mcp")]
    [InlineData("HTTPS://mcp.example.com/mcp")]
    public async Task Resource_that_is_not_the_configured_upstream_is_refused_before_any_authorization_server_is_asked(string resource)
    {
        _server.Serve(PathForm, ResourceMetadata(resource)).Serve(ServerMetadata, AuthorizationServer());

        Assert.Equal(OAuthDiscoveryFailures.ResourceMismatch, Failure(await DiscoverAsync()));
        Assert.DoesNotContain(ServerMetadata, _server.Requested);
    }

    [Theory]
    [InlineData("http://auth.example.com/tenant")]
    [InlineData("https://10.0.0.7/tenant")]
    [InlineData("https://user@auth.example.com/tenant")]
    [InlineData("http://127.0.0.1:8443/tenant")]
    public async Task Authorization_server_over_plain_http_or_inside_the_network_is_refused(string issuer)
    {
        _server.Serve(PathForm, ResourceMetadata(authorizationServer: issuer));

        var result = await DiscoverAsync();

        Assert.Equal(OAuthDiscoveryFailures.InsecureUrl, Failure(result));
        Assert.Single(_server.Requested);
    }

    [Theory]
    [InlineData("authorization_endpoint", "http://auth.example.com/tenant/authorize")]
    [InlineData("token_endpoint", "http://auth.example.com/tenant/token")]
    [InlineData("revocation_endpoint", "http://auth.example.com/tenant/revoke")]
    [InlineData("token_endpoint", "https://169.254.169.254/latest/token")]
    public async Task Endpoint_over_plain_http_or_inside_the_network_is_refused(string name, string url)
    {
        _server.Serve(PathForm, ResourceMetadata()).Serve(ServerMetadata, AuthorizationServer(overrides: (name, url)));

        Assert.Equal(OAuthDiscoveryFailures.InsecureUrl, Failure(await DiscoverAsync()));
    }

    [Fact]
    public async Task Plain_http_metadata_is_refused_for_a_public_upstream_without_being_fetched()
    {
        Assert.Equal(OAuthDiscoveryFailures.InsecureUrl, Failure(await DiscoverAsync("http://mcp.example.com/mcp")));
        Assert.Empty(_server.Requested);
    }

    [Theory]
    [InlineData("""["plain"]""", OAuthDiscoveryFailures.S256Unsupported)]
    [InlineData("[]", OAuthDiscoveryFailures.S256Unsupported)]
    [InlineData("\"S256\"", OAuthDiscoveryFailures.S256Unsupported)]
    [InlineData("""["plain","S256"]""", null)]
    public async Task Server_listing_pkce_methods_without_S256_is_refused(string methods, string? failure)
    {
        _server.Serve(PathForm, ResourceMetadata()).Serve(ServerMetadata, AuthorizationServer(methods: methods));

        var result = await DiscoverAsync();

        Assert.Equal(failure, result is OAuthDiscoveryResult.Failed failed ? failed.Reason : null);
    }

    [Fact]
    public async Task Server_that_does_not_list_pkce_methods_is_accepted()
    {
        _server.Serve(PathForm, ResourceMetadata()).Serve(ServerMetadata, AuthorizationServer(methods: null));

        Assert.IsType<OAuthDiscoveryResult.Found>(await DiscoverAsync());
    }

    [Theory]
    [InlineData("https://auth.example.com/other")]
    [InlineData("https://auth.example.com/tenant/")]
    [InlineData("https://evil.example.com/tenant")]
    public async Task Metadata_naming_another_issuer_is_refused(string issuer)
    {
        _server.Serve(PathForm, ResourceMetadata()).Serve(ServerMetadata, AuthorizationServer(overrides: ("issuer", issuer)));

        Assert.Equal(OAuthDiscoveryFailures.IssuerMismatch, Failure(await DiscoverAsync()));
    }

    [Theory]
    [InlineData("""{"resource":"https://mcp.example.com/mcp"}""", OAuthDiscoveryFailures.NoAuthorizationServer)]
    [InlineData("""{"resource":"https://mcp.example.com/mcp","authorization_servers":[]}""", OAuthDiscoveryFailures.NoAuthorizationServer)]
    [InlineData("""{"resource":"https://mcp.example.com/mcp","authorization_servers":"https://auth.example.com"}""", OAuthDiscoveryFailures.NoAuthorizationServer)]
    [InlineData("""["https://mcp.example.com/mcp"]""", OAuthDiscoveryFailures.ResourceMetadataUnavailable)]
    [InlineData("not json", OAuthDiscoveryFailures.ResourceMetadataUnavailable)]
    public async Task Malformed_resource_metadata_is_refused(string document, string failure)
    {
        _server.Serve(PathForm, document);

        Assert.Equal(failure, Failure(await DiscoverAsync()));
    }

    [Fact]
    public async Task Unavailable_metadata_fails_discovery()
    {
        _server.Serve(PathForm, ResourceMetadata(), HttpStatusCode.InternalServerError);
        Assert.Equal(OAuthDiscoveryFailures.ResourceMetadataUnavailable, Failure(await DiscoverAsync()));

        _server.Serve(PathForm, ResourceMetadata());
        Assert.Equal(OAuthDiscoveryFailures.ServerMetadataUnavailable, Failure(await DiscoverAsync()));
    }

    [Fact]
    public async Task Root_upstream_is_named_with_or_without_its_slash()
    {
        _server.Serve(RootForm, ResourceMetadata("https://mcp.example.com")).Serve(ServerMetadata, AuthorizationServer());

        Assert.IsType<OAuthDiscoveryResult.Found>(await DiscoverAsync("https://mcp.example.com/"));
        Assert.Equal([RootForm, ServerMetadata], _server.Requested);
    }

    internal static string ResourceMetadata(string resource = Upstream, string authorizationServer = Issuer) =>
        $$"""{"resource":"{{resource}}","authorization_servers":["{{authorizationServer}}"],"bearer_methods_supported":["header"]}""";

    internal static string AuthorizationServer(
        string? methods = """["S256"]""", string? revocation = "https://auth.example.com/tenant/revoke", (string Name, string Value)? overrides = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
        };
        if (revocation is not null)
        {
            fields["revocation_endpoint"] = revocation;
        }

        if (overrides is { } o)
        {
            fields[o.Name] = o.Value;
        }

        var json = string.Join(",", fields.Select(f => $"\"{f.Key}\":\"{f.Value}\""));
        return "{" + json + (methods is null ? string.Empty : ",\"code_challenge_methods_supported\":" + methods) + "}";
    }

    internal static ProviderDefinition Provider(string upstream = Upstream, bool allowPrivateNetwork = false) => new()
    {
        Name = "remote",
        Kind = ProviderKind.Mcp,
        Upstream = new Uri(upstream),
        AllowPrivateNetwork = allowPrivateNetwork,
        OAuth = new OAuthSettings { Discovery = true, ClientId = SecretReference.Parse("latchkey-client") },
    };

    private Task<OAuthDiscoveryResult> DiscoverAsync(string upstream = Upstream, bool allowPrivateNetwork = false) =>
        new OAuthDiscoveryClient(_server).DiscoverAsync(Provider(upstream, allowPrivateNetwork), CancellationToken.None);

    private static string Failure(OAuthDiscoveryResult result) => Assert.IsType<OAuthDiscoveryResult.Failed>(result).Reason;
}
