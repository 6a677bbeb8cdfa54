using System.Security.Cryptography;
using Latchkey.Config;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>
/// Ends one user's connection to a provider: revokes the grant at the provider first, where it has a
/// revocation endpoint, then deletes Latchkey's copy, which happens whatever the provider answered
/// (a user who asks to disconnect must not keep a live credential here because the provider is down).
/// </summary>
internal sealed partial class ConnectionDisconnector
{
    private readonly ITokenVault _vault;
    private readonly OAuthTokenClient _tokenClient;
    private readonly ILogger<ConnectionDisconnector> _logger;

    public ConnectionDisconnector(ITokenVault vault, OAuthTokenClient tokenClient, ILogger<ConnectionDisconnector> logger)
    {
        _vault = vault;
        _tokenClient = tokenClient;
        _logger = logger;
    }

    /// <summary>Whether disconnecting from <paramref name="provider"/> can revoke anything at the provider.</summary>
    /// <remarks>A provider whose endpoints are discovered may name a revocation endpoint; the token client finds out.</remarks>
    public static bool CanRevoke(ProviderDefinition? provider) => provider?.OAuth is { RevokeUrl: not null } or { Discovery: true };

    /// <summary>
    /// Revokes, then deletes the connection under <paramref name="key"/> (the caller's own tenant and user).
    /// <paramref name="provider"/> is the provider's current definition, or null when it is no longer configured.
    /// </summary>
    public async Task<DisconnectResult> DisconnectAsync(ConnectionKey key, ProviderDefinition? provider, CancellationToken cancellationToken)
    {
        UserToken? token = null;
        var readable = true;
        try
        {
            token = await _vault.GetAsync(key, cancellationToken);
        }
        catch (CryptographicException)
        {
            // Tokens sealed under a key no longer held cannot be revoked, but they are still deleted.
            readable = false;
        }

        var revocation = RevocationOutcome.NotSupported;
        if (token is not null && CanRevoke(provider))
        {
            revocation = await _tokenClient.RevokeGrantAsync(provider!, token, CancellationToken.None)
                ? RevocationOutcome.Revoked
                : RevocationOutcome.Failed;
        }
        else if (!readable && CanRevoke(provider))
        {
            revocation = RevocationOutcome.Failed;
        }

        if (!await _vault.DeleteAsync(key, cancellationToken))
        {
            return DisconnectResult.NotFound;
        }

        if (revocation == RevocationOutcome.Failed)
        {
            Log.RevocationFailed(_logger, key.Provider);
        }

        return new DisconnectResult(true, revocation);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2310, EventName = "ConnectionRevocationFailed", Level = LogLevel.Warning,
            Message = "Connection to provider {Provider} deleted, but the provider did not confirm revoking its grant")]
        public static partial void RevocationFailed(ILogger logger, string provider);
    }
}
