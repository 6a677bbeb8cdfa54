using System.Security.Cryptography;
using Latchkey.Config;
using Latchkey.Providers;
using Latchkey.Stores;

namespace Latchkey.Credentials;

/// <summary>
/// Chooses the credential a forwarded request carries: the session user's own token from the
/// vault, or the provider's dedicated agent credential.
/// </summary>
internal sealed partial class CredentialResolver
{
    private readonly ITokenVault _vault;
    private readonly Dictionary<AgentCredentialType, IAgentCredentialSource> _agentSources;
    private readonly UserTokenRefresher _refresher;
    private readonly ILogger<CredentialResolver> _logger;

    public CredentialResolver(
        ITokenVault vault,
        IEnumerable<IAgentCredentialSource> agentSources,
        UserTokenRefresher refresher,
        ILogger<CredentialResolver> logger)
    {
        _vault = vault;
        _agentSources = agentSources.ToDictionary(s => s.Type);
        _refresher = refresher;
        _logger = logger;
    }

    public ValueTask<CredentialResult> ResolveAsync(
        ConnectionKey user,
        ProviderDefinition provider,
        CredentialMode mode,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return mode == CredentialMode.Agent
            ? ResolveAgentAsync(provider, user.Tenant, cancellationToken)
            : ResolveUserAsync(user, provider, cancellationToken);
    }

    private ValueTask<CredentialResult> ResolveAgentAsync(ProviderDefinition provider, string tenant, CancellationToken cancellationToken)
    {
        var settings = provider.Agent;
        var cacheScope = string.Empty;
        if (settings?.Tenants is { } perTenant)
        {
            // Per-tenant sets are exclusive: no set for this tenant means no credential at all.
            settings = perTenant.GetValueOrDefault(tenant);
            cacheScope = tenant;
            if (settings is null)
            {
                Log.NoTenantCredential(_logger, provider.Name);
                return ValueTask.FromResult<CredentialResult>(new CredentialResult.Unavailable());
            }
        }

        if (settings is null || !_agentSources.TryGetValue(settings.Type, out var source))
        {
            Log.NoAgentSource(_logger, provider.Name);
            return ValueTask.FromResult<CredentialResult>(new CredentialResult.Unavailable());
        }

        return source.GetAsync(provider, settings, cacheScope, cancellationToken);
    }

    private async ValueTask<CredentialResult> ResolveUserAsync(ConnectionKey user, ProviderDefinition provider, CancellationToken cancellationToken)
    {
        UserToken? token;
        try
        {
            token = await _vault.GetAsync(user, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return new CredentialResult.StoreUnavailable();
        }
        catch (CryptographicException)
        {
            // The key ring that encrypted this token is gone: the user must connect again.
            Log.TokenUndecryptable(_logger, user.Provider);
            return new CredentialResult.ConnectionRequired();
        }

        if (token is null || token.NeedsReauthorization)
        {
            return new CredentialResult.ConnectionRequired();
        }

        if (_refresher.IsDue(token))
        {
            Log.UserTokenExpired(_logger, user.Provider);
            return await _refresher.RefreshAsync(user, provider, token.Scopes, force: false, cancellationToken);
        }

        return new CredentialResult.Issued(token.AccessToken, CredentialMode.User, token.InstanceUrl);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, EventName = "UserTokenExpired", Level = LogLevel.Information,
            Message = "The user's token for provider {Provider} has expired or is about to; refreshing")]
        public static partial void UserTokenExpired(ILogger logger, string provider);

        [LoggerMessage(EventId = 2002, EventName = "UserTokenUndecryptable", Level = LogLevel.Error,
            Message = "A stored token for provider {Provider} cannot be decrypted with the current key ring")]
        public static partial void TokenUndecryptable(ILogger logger, string provider);

        [LoggerMessage(EventId = 2003, EventName = "NoAgentCredentialSource", Level = LogLevel.Error,
            Message = "Provider {Provider} asks for an agent credential of a type this instance cannot obtain")]
        public static partial void NoAgentSource(ILogger logger, string provider);

        [LoggerMessage(EventId = 2004, EventName = "NoTenantAgentCredential", Level = LogLevel.Warning,
            Message = "Provider {Provider} has per-tenant agent credentials but none for the requesting tenant")]
        public static partial void NoTenantCredential(ILogger logger, string provider);
    }
}
