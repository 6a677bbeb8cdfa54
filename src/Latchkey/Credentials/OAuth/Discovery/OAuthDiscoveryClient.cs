using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>
/// Discovers a remote MCP server's OAuth endpoints, server-side and only from its configured
/// upstream: the protected resource metadata (RFC 9728) must name that upstream as its resource, its
/// first authorization server's metadata (RFC 8414 or OpenID Connect Discovery) must name that server
/// as issuer and support S256. Nothing an agent sends, and no <c>WWW-Authenticate</c> header of a
/// forwarded response, is ever used (docs/security.md).
/// </summary>
internal sealed class OAuthDiscoveryClient
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private readonly IHttpClientFactory _httpClientFactory;

    public OAuthDiscoveryClient(IHttpClientFactory httpClientFactory) => _httpClientFactory = httpClientFactory;

    public async Task<OAuthDiscoveryResult> DiscoverAsync(ProviderDefinition provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!OAuthServerUrls.IsAcceptable(provider.Upstream, provider))
        {
            return Fail(OAuthDiscoveryFailures.InsecureUrl);
        }

        using var resourceMetadata = await FirstDocumentAsync(WellKnownMetadataUrls.ProtectedResource(provider.Upstream), cancellationToken);
        if (resourceMetadata is null)
        {
            return Fail(OAuthDiscoveryFailures.ResourceMetadataUnavailable);
        }

        var resource = StringOf(resourceMetadata.RootElement, "resource");
        if (resource is null || !IsResourceOf(resource, provider))
        {
            return Fail(OAuthDiscoveryFailures.ResourceMismatch);
        }

        var issuerText = resourceMetadata.RootElement.TryGetProperty("authorization_servers", out var servers)
            && servers.ValueKind == JsonValueKind.Array && servers.GetArrayLength() > 0 && servers[0].ValueKind == JsonValueKind.String
                ? servers[0].GetString()
                : null;
        if (issuerText is null || !Uri.TryCreate(issuerText, UriKind.Absolute, out var issuer) || issuer.Query.Length > 0)
        {
            return Fail(OAuthDiscoveryFailures.NoAuthorizationServer);
        }

        if (!OAuthServerUrls.IsAcceptable(issuer, provider))
        {
            return Fail(OAuthDiscoveryFailures.InsecureUrl);
        }

        using var serverMetadata = await FirstDocumentAsync(WellKnownMetadataUrls.AuthorizationServer(issuer), cancellationToken);
        return serverMetadata is null
            ? Fail(OAuthDiscoveryFailures.ServerMetadataUnavailable)
            : EndpointsOf(serverMetadata.RootElement, issuerText, resource, provider);
    }

    private static OAuthDiscoveryResult EndpointsOf(JsonElement metadata, string issuer, string resource, ProviderDefinition provider)
    {
        // RFC 8414 §3.3: the issuer must be identical to the identifier the metadata was fetched for.
        if (!string.Equals(StringOf(metadata, "issuer"), issuer, StringComparison.Ordinal))
        {
            return Fail(OAuthDiscoveryFailures.IssuerMismatch);
        }

        // Latchkey always sends an S256 challenge; a server that lists its methods without S256 would ignore or refuse it.
        if (metadata.TryGetProperty("code_challenge_methods_supported", out var methods)
            && (methods.ValueKind != JsonValueKind.Array || !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "S256")))
        {
            return Fail(OAuthDiscoveryFailures.S256Unsupported);
        }

        var authorize = UrlOf(metadata, "authorization_endpoint");
        var token = UrlOf(metadata, "token_endpoint");
        var revoke = UrlOf(metadata, "revocation_endpoint");
        if (authorize is null || token is null)
        {
            return Fail(OAuthDiscoveryFailures.MissingEndpoint);
        }

        if (!OAuthServerUrls.IsAcceptable(authorize, provider) || !OAuthServerUrls.IsAcceptable(token, provider)
            || (metadata.TryGetProperty("revocation_endpoint", out _) && (revoke is null || !OAuthServerUrls.IsAcceptable(revoke, provider))))
        {
            return Fail(OAuthDiscoveryFailures.InsecureUrl);
        }

        return new OAuthDiscoveryResult.Found(new DiscoveredOAuthEndpoints(authorize, token, revoke, resource)
        {
            RegistrationUrl = UrlOf(metadata, "registration_endpoint"),
            TokenEndpointAuthMethods = metadata.TryGetProperty("token_endpoint_auth_methods_supported", out var authMethods) && authMethods.ValueKind == JsonValueKind.Array
                ? [.. authMethods.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!)]
                : ["client_secret_basic"],
        });
    }

    /// <summary>
    /// RFC 9728 §3.3: the resource must be identical to the configured upstream. A root upstream is
    /// written with or without its slash (one <see cref="Uri"/>), so both spellings name it.
    /// </summary>
    private static bool IsResourceOf(string resource, ProviderDefinition provider) =>
        string.Equals(resource, provider.DestinationPrefix, StringComparison.Ordinal)
        || (provider.Upstream.AbsolutePath == "/" && string.Equals(resource, provider.Upstream.AbsoluteUri, StringComparison.Ordinal));

    private static string? StringOf(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Uri? UrlOf(JsonElement metadata, string name) =>
        StringOf(metadata, name) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;

    private static OAuthDiscoveryResult.Failed Fail(string reason) => new(reason);

    /// <summary>The first of <paramref name="urls"/> that answers 200 with a JSON object of at most 64 KB; null when none does.</summary>
    private async Task<JsonDocument?> FirstDocumentAsync(IReadOnlyList<Uri> urls, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(ClientCredentialsTokenSource.HttpClientName);
        foreach (var url in urls)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(AttemptTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode && await BoundedJson.ReadObjectAsync(response, timeout.Token) is { } document)
                {
                    return document;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The next well-known form is tried; the caller logs only the outcome.
            }
        }

        return null;
    }
}
