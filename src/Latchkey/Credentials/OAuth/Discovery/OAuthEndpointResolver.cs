using System.Collections.Concurrent;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>
/// A provider's OAuth settings as the connect flow and the token client use them: configured
/// endpoints as they are; for <c>oauth.discovery: true</c>, the endpoints discovered from the
/// upstream (cached per provider for <see cref="CacheLifetime"/>) and the RFC 8707 resource indicator;
/// for <c>registration: dynamic</c> also the client registered with its authorization server (RFC 7591).
/// </summary>
internal sealed partial class OAuthEndpointResolver
{
    /// <summary>How long discovered endpoints are used before the metadata is read again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (DiscoveredOAuthEndpoints Endpoints, DateTimeOffset ExpiresAt)> _cache = new(StringComparer.Ordinal);
    private readonly SingleFlight<OAuthDiscoveryResult> _discoveries = new();
    private readonly OAuthDiscoveryClient _discovery;
    private readonly RegisteredClientSource _registeredClients;
    private readonly TimeProvider _time;
    private readonly ILogger<OAuthEndpointResolver> _logger;

    public OAuthEndpointResolver(
        OAuthDiscoveryClient discovery, RegisteredClientSource registeredClients, TimeProvider time, ILogger<OAuthEndpointResolver> logger)
    {
        _discovery = discovery;
        _registeredClients = registeredClients;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The provider's settings with their endpoints known and, for <c>registration: dynamic</c>, the
    /// client registered for it; <see cref="OAuthResolution.Failed"/> when discovery or registration
    /// failed (logged with its reason): such a provider then cannot be connected or refreshed.
    /// </summary>
    public async ValueTask<OAuthResolution> ResolveAsync(ProviderDefinition provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.OAuth is not { Discovery: true } oauth)
        {
            return provider.OAuth is { } configured ? new OAuthResolution.Ready(configured) : OAuthResolution.None;
        }

        if (await DiscoverAsync(provider, cancellationToken) is not { } endpoints)
        {
            return new OAuthResolution.Failed(ConnectFlowErrors.OAuthDiscoveryFailed);
        }

        var settings = oauth with
        {
            AuthorizeUrl = endpoints.AuthorizeUrl,
            TokenUrl = endpoints.TokenUrl,
            RevokeUrl = endpoints.RevokeUrl,
            Resource = endpoints.Resource,
        };
        if (!oauth.DynamicRegistration)
        {
            return new OAuthResolution.Ready(settings);
        }

        if (await _registeredClients.GetAsync(provider, endpoints, cancellationToken) is not ClientRegistrationResult.Registered { Client: var client })
        {
            return new OAuthResolution.Failed(ConnectFlowErrors.OAuthRegistrationFailed);
        }

        // Literal: a value from the server is never read as env: or keyvault:.
        return new OAuthResolution.Ready(settings with
        {
            ClientId = SecretReference.Literal(client.ClientId),
            ClientSecret = client.ClientSecret is { } secret ? SecretReference.Literal(secret.Reveal()) : null,
            ClientAuth = client.AuthMethod == RegisteredClient.ClientSecretBasic ? OAuthClientAuthentication.ClientSecretBasic : OAuthClientAuthentication.ClientSecretPost,
        });
    }

    /// <summary>
    /// Where the provider's users are sent to authorize: configured, or discovered (no client is
    /// registered for this); null when there is none or discovery failed.
    /// </summary>
    public async ValueTask<Uri?> AuthorizeUrlAsync(ProviderDefinition provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.OAuth is { Discovery: true }
            ? (await DiscoverAsync(provider, cancellationToken))?.AuthorizeUrl
            : provider.OAuth?.AuthorizeUrl;
    }

    private async ValueTask<DiscoveredOAuthEndpoints?> DiscoverAsync(ProviderDefinition provider, CancellationToken cancellationToken)
    {
        // A reload that changes the upstream or its private-network permission discovers afresh.
        var key = $"{provider.Name}\n{provider.Upstream.AbsoluteUri}\n{provider.AllowPrivateNetwork}";
        if (_cache.TryGetValue(key, out var cached) && _time.GetUtcNow() < cached.ExpiresAt)
        {
            return cached.Endpoints;
        }

        var result = await _discoveries.RunAsync(key, () => _discovery.DiscoverAsync(provider, CancellationToken.None), cancellationToken);
        if (result is not OAuthDiscoveryResult.Found found)
        {
            Log.DiscoveryFailed(_logger, provider.Name, ((OAuthDiscoveryResult.Failed)result).Reason);
            return null;
        }

        _cache[key] = (found.Endpoints, _time.GetUtcNow() + CacheLifetime);
        Log.Discovered(_logger, provider.Name);
        return found.Endpoints;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, EventName = "OAuthDiscoveryFailed", Level = LogLevel.Error,
            Message = "OAuth discovery for provider {Provider} failed ({DiscoveryError}); it cannot be connected until its metadata is fixed")]
        public static partial void DiscoveryFailed(ILogger logger, string provider, string discoveryError);

        [LoggerMessage(EventId = 2402, EventName = "OAuthDiscovered", Level = LogLevel.Information,
            Message = "OAuth endpoints of provider {Provider} discovered from its protected resource metadata")]
        public static partial void Discovered(ILogger logger, string provider);
    }
}
