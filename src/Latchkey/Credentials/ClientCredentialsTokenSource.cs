using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Config;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>
/// The OAuth 2.0 client credentials grant (RFC 6749 §4.4) for a provider's dedicated identity.
/// A token is fetched once, shared by every request until shortly before it expires, and
/// concurrent misses collapse into one call to the token endpoint (single flight).
/// </summary>
internal sealed partial class ClientCredentialsTokenSource : IAgentCredentialSource
{
    public const string HttpClientName = "latchkey-token";

    // Renew a little before expiry so a token never expires in flight upstream.
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long one token call may take, answer included; the shared client has no timeout of its own.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private readonly SingleFlight<CachedToken?> _flights = new();
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ISecretResolver _secrets;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientCredentialsTokenSource> _logger;

    public ClientCredentialsTokenSource(IHttpClientFactory httpClientFactory, ISecretResolver secrets, TimeProvider time, ILogger<ClientCredentialsTokenSource> logger)
    {
        _httpClientFactory = httpClientFactory;
        _secrets = secrets;
        _time = time;
        _logger = logger;
    }

    public AgentCredentialType Type => AgentCredentialType.ClientCredentials;

    public async ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, AgentCredentialSettings settings, string cacheScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TokenUrl is null)
        {
            return new CredentialResult.Unavailable();
        }

        var cacheKey = CacheKeyOf(cacheScope, provider.Name, settings);
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.IsFresh(_time.GetUtcNow()))
        {
            return new CredentialResult.Issued(cached.Token, CredentialMode.Agent);
        }

        var fetched = await _flights.RunAsync(cacheKey, () => FetchAsync(cacheKey, provider.Name, settings), cancellationToken);
        return fetched is null
            ? new CredentialResult.Unavailable()
            : new CredentialResult.Issued(fetched.Token, CredentialMode.Agent);
    }

    private async Task<CachedToken?> FetchAsync(string cacheKey, string providerName, AgentCredentialSettings settings)
    {
        var clientId = settings.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, CancellationToken.None) : null;
        var clientSecret = settings.ClientSecret is { } secretReference ? await _secrets.ResolveAsync(secretReference, CancellationToken.None) : null;
        if (clientId is null || clientSecret is null)
        {
            Log.ClientSecretMissing(_logger, providerName);
            return null;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl);
            var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
            if (settings.Scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', settings.Scopes)));
            }

            request.Content = new FormUrlEncodedContent(form);

            // client_secret_basic: the method every authorization server must support (RFC 6749 §2.3.1).
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            // Not the caller's token (the flight outlives any one request), so bounded here.
            using var timeout = new CancellationTokenSource(AttemptTimeout, _time);
            using var response = await _httpClientFactory.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                Log.TokenEndpointRefused(_logger, providerName, (int)response.StatusCode);
                return null;
            }

            using var document = await BoundedJson.ReadObjectAsync(response, timeout.Token);
            if (document?.RootElement is not { } root
                || !root.TryGetProperty("access_token", out var accessToken)
                || accessToken.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(accessToken.GetString()))
            {
                Log.TokenResponseInvalid(_logger, providerName);
                return null;
            }

            var lifetime = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultLifetime;
            var token = new CachedToken(new SecretValue(accessToken.GetString()!), _time.GetUtcNow() + lifetime, lifetime);
            _cache[cacheKey] = token;
            Log.TokenIssued(_logger, providerName, (int)lifetime.TotalSeconds);
            return token;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            Log.TokenEndpointUnreachable(_logger, providerName, ex.GetType().Name);
            return null;
        }
    }

    private static string CacheKeyOf(string cacheScope, string providerName, AgentCredentialSettings settings) =>
        $"{cacheScope}\n{providerName}\n{settings.TokenUrl}\n{settings.ClientId}\n{string.Join(' ', settings.Scopes)}";

    private sealed record CachedToken(SecretValue Token, DateTimeOffset ExpiresAt, TimeSpan Lifetime)
    {
        public bool IsFresh(DateTimeOffset now)
        {
            // Short-lived tokens renew at half-life; long-lived ones a fixed margin early.
            var margin = Lifetime < RenewalMargin * 2 ? Lifetime / 2 : RenewalMargin;
            return now < ExpiresAt - margin;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2111, EventName = "AgentTokenIssued", Level = LogLevel.Information,
            Message = "Agent token for provider {Provider} obtained, valid for {LifetimeSeconds} s")]
        public static partial void TokenIssued(ILogger logger, string provider, int lifetimeSeconds);

        [LoggerMessage(EventId = 2112, EventName = "AgentTokenRefused", Level = LogLevel.Error,
            Message = "Token endpoint refused the agent credential of provider {Provider} with status {Status}")]
        public static partial void TokenEndpointRefused(ILogger logger, string provider, int status);

        [LoggerMessage(EventId = 2113, EventName = "AgentTokenEndpointUnreachable", Level = LogLevel.Error,
            Message = "Token endpoint of provider {Provider} could not be reached ({ErrorType})")]
        public static partial void TokenEndpointUnreachable(ILogger logger, string provider, string errorType);

        [LoggerMessage(EventId = 2114, EventName = "AgentTokenResponseInvalid", Level = LogLevel.Error,
            Message = "Token endpoint of provider {Provider} answered without an access_token")]
        public static partial void TokenResponseInvalid(ILogger logger, string provider);

        [LoggerMessage(EventId = 2115, EventName = "AgentClientSecretMissing", Level = LogLevel.Error,
            Message = "Provider {Provider} has no agent client_id or client_secret (its reference could not be read)")]
        public static partial void ClientSecretMissing(ILogger logger, string provider);
    }
}
