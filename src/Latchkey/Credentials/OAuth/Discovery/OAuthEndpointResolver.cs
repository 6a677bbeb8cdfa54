using System.Collections.Concurrent;
using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>
/// A provider's OAuth settings as the connect flow and the token client use them: configured
/// endpoints as they are; for <c>oauth.discovery: true</c>, the endpoints discovered from the
/// upstream (cached per provider for <see cref="CacheLifetime"/>) and the RFC 8707 resource indicator.
/// </summary>
internal sealed partial class OAuthEndpointResolver
{
    /// <summary>How long discovered endpoints are used before the metadata is read again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (DiscoveredOAuthEndpoints Endpoints, DateTimeOffset ExpiresAt)> _cache = new(StringComparer.Ordinal);
    private readonly SingleFlight<OAuthDiscoveryResult> _discoveries = new();
    private readonly OAuthDiscoveryClient _discovery;
    private readonly TimeProvider _time;
    private readonly ILogger<OAuthEndpointResolver> _logger;

    public OAuthEndpointResolver(OAuthDiscoveryClient discovery, TimeProvider time, ILogger<OAuthEndpointResolver> logger)
    {
        _discovery = discovery;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The provider's settings with their endpoints known; null when it has no <c>oauth</c>, or when
    /// discovery failed (logged with its reason): such a provider then cannot be connected or refreshed.
    /// </summary>
    public async ValueTask<OAuthSettings?> ResolveAsync(ProviderDefinition provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.OAuth is not { Discovery: true } oauth)
        {
            return provider.OAuth;
        }

        // A reload that changes the upstream or its private-network permission discovers afresh.
        var key = $"{provider.Name}\n{provider.Upstream.AbsoluteUri}\n{provider.AllowPrivateNetwork}";
        if (!_cache.TryGetValue(key, out var cached) || _time.GetUtcNow() >= cached.ExpiresAt)
        {
            var result = await _discoveries.RunAsync(key, () => _discovery.DiscoverAsync(provider, CancellationToken.None), cancellationToken);
            if (result is not OAuthDiscoveryResult.Found found)
            {
                Log.DiscoveryFailed(_logger, provider.Name, ((OAuthDiscoveryResult.Failed)result).Reason);
                return null;
            }

            cached = (found.Endpoints, _time.GetUtcNow() + CacheLifetime);
            _cache[key] = cached;
            Log.Discovered(_logger, provider.Name);
        }

        var endpoints = cached.Endpoints;
        return oauth with
        {
            AuthorizeUrl = endpoints.AuthorizeUrl,
            TokenUrl = endpoints.TokenUrl,
            RevokeUrl = endpoints.RevokeUrl,
            Resource = endpoints.Resource,
        };
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
