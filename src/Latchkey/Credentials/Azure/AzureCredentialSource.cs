using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Latchkey.Config;
using Latchkey.Providers;

namespace Latchkey.Credentials.Azure;

/// <summary>
/// Dedicated agent credentials for Microsoft Graph and Azure APIs through Azure.Identity. One
/// credential object per provider, its token shared until five minutes before it expires, and
/// concurrent misses collapsed into one token request. The credential is built anew when its
/// secrets read differently (a rotated client secret) and after it failed.
/// </summary>
internal sealed partial class AzureCredentialSource : IAgentCredentialSource
{
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, BuiltCredential> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly SingleFlight<AccessToken?> _flights = new();
    private readonly IAzureTokenCredentialFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger<AzureCredentialSource> _logger;

    public AzureCredentialSource(IAzureTokenCredentialFactory factory, TimeProvider time, ILogger<AzureCredentialSource> logger)
    {
        _factory = factory;
        _time = time;
        _logger = logger;
    }

    public AgentCredentialType Type => AgentCredentialType.Azure;

    public async ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, AgentCredentialSettings settings, string cacheScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Scopes.Count == 0)
        {
            return new CredentialResult.Unavailable();
        }

        var key = $"{cacheScope}\n{provider.Name}\n{settings.TenantId}\n{settings.ClientId}\n{string.Join(' ', settings.Scopes)}";
        if (_tokens.TryGetValue(key, out var cached) && _time.GetUtcNow() < cached.ExpiresOn - RenewalMargin)
        {
            return new CredentialResult.Issued(new SecretValue(cached.Token), CredentialMode.Agent);
        }

        var token = await _flights.RunAsync(key, () => FetchAsync(key, provider.Name, settings), cancellationToken);
        return token is { } issued
            ? new CredentialResult.Issued(new SecretValue(issued.Token), CredentialMode.Agent)
            : new CredentialResult.Unavailable();
    }

    private async Task<AccessToken?> FetchAsync(string key, string providerName, AgentCredentialSettings settings)
    {
        // Read on every fetch (about hourly per key): a secret rotated since the credential was built must replace it.
        var inputs = await _factory.ReadInputsAsync(settings, CancellationToken.None);
        if (inputs is null)
        {
            // Not cached as a failure: the secret may appear (a vault or variable fixed) later.
            _credentials.TryRemove(key, out _);
            Log.CredentialMissing(_logger, providerName);
            return null;
        }

        var credential = CredentialFor(key, inputs);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([.. settings.Scopes]), CancellationToken.None);
            _tokens[key] = token;
            Log.TokenIssued(_logger, providerName, token.ExpiresOn);
            return token;
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException or global::Azure.RequestFailedException)
        {
            // Dropped, so the next try starts from a fresh credential rather than whatever this one holds.
            _credentials.TryRemove(key, out _);
            Log.TokenFailed(_logger, providerName, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>The cached credential while it was built from these inputs; otherwise a new one. Runs inside the key's single flight.</summary>
    private TokenCredential CredentialFor(string key, AzureCredentialInputs inputs)
    {
        if (_credentials.TryGetValue(key, out var built) && built.Inputs.SameAs(inputs))
        {
            return built.Credential;
        }

        var credential = _factory.Create(inputs);
        _credentials[key] = new BuiltCredential(inputs, credential);
        return credential;
    }

    private sealed record BuiltCredential(AzureCredentialInputs Inputs, TokenCredential Credential)
    {
        // A record prints its members: never the inputs' secret (its own ToString redacts, but say so here too).
        public override string ToString() => "***";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2320, EventName = "AzureTokenIssued", Level = LogLevel.Information,
            Message = "Azure token for provider {Provider} obtained, expires {ExpiresOn}")]
        public static partial void TokenIssued(ILogger logger, string provider, DateTimeOffset expiresOn);

        [LoggerMessage(EventId = 2321, EventName = "AzureTokenFailed", Level = LogLevel.Error,
            Message = "Azure token for provider {Provider} could not be obtained ({ErrorType})")]
        public static partial void TokenFailed(ILogger logger, string provider, string errorType);

        [LoggerMessage(EventId = 2322, EventName = "AzureCredentialMissing", Level = LogLevel.Error,
            Message = "Provider {Provider} has an azure agent block whose client id, tenant or secret cannot be read")]
        public static partial void CredentialMissing(ILogger logger, string provider);
    }
}
