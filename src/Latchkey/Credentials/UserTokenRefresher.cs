using Latchkey.Config;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Stores;
using Latchkey.Telemetry;

namespace Latchkey.Credentials;

/// <summary>
/// Refreshes users' access tokens, one call per connection at a time: concurrent callers for the
/// same (tenant, user, provider, scopes) share one in-flight refresh (Duende's single-flight shape).
/// A refused grant marks the connection for re-authorisation so a burst costs one token call;
/// transient failures are retried briefly and never discard the stored refresh token. Results are
/// written back only over the record the refresh read (compare-and-set), so a disconnect or a
/// reconnect made while the token endpoint was answering is never undone.
/// </summary>
internal sealed partial class UserTokenRefresher
{
    /// <summary>A token this close to expiry is refreshed before use.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private const int MaxAttempts = 3;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>How long an instance waits for another instance's refresh before giving up (503).</summary>
    private static readonly TimeSpan LeaseWaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeasePollInterval = TimeSpan.FromMilliseconds(100);

    private readonly SingleFlight<CredentialResult> _flights = new();
    private readonly ITokenVault _vault;
    private readonly IRefreshLease _lease;
    private readonly OAuthTokenClient _tokenClient;
    private readonly TimeProvider _time;
    private readonly ILogger<UserTokenRefresher> _logger;
    private readonly LatchkeyMetrics _metrics;

    public UserTokenRefresher(
        ITokenVault vault, IRefreshLease lease, OAuthTokenClient tokenClient, TimeProvider time, ILogger<UserTokenRefresher> logger, LatchkeyMetrics metrics)
    {
        _metrics = metrics;
        _vault = vault;
        _lease = lease;
        _tokenClient = tokenClient;
        _time = time;
        _logger = logger;
    }

    public bool IsDue(UserToken token) =>
        token.ExpiresAt is { } expiresAt && expiresAt - RefreshMargin <= _time.GetUtcNow();

    /// <summary>Refreshes unless another caller already did; <paramref name="force"/> refreshes even a fresh token.</summary>
    public async Task<CredentialResult> RefreshAsync(ConnectionKey key, ProviderDefinition provider, IReadOnlyList<string> scopes, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var flightKey = $"{key.Tenant}\n{key.UserId}\n{key.Provider}\n{string.Join(' ', scopes)}";
        return await _flights.RunAsync(flightKey, () => ObservedRefreshAsync(key, provider, force), cancellationToken);
    }

    private async Task<CredentialResult> ObservedRefreshAsync(ConnectionKey key, ProviderDefinition provider, bool force)
    {
        using var span = LatchkeyActivities.StartChild(LatchkeyActivities.Refresh, provider.Name);
        var result = await RefreshOnceAsync(key, provider, force);
        _metrics.RecordRefresh(provider.Name, result);
        span?.SetTag(TelemetryTags.Outcome, LatchkeyMetrics.RefreshOutcome(result));
        return result;
    }

    private async Task<CredentialResult> RefreshOnceAsync(ConnectionKey key, ProviderDefinition provider, bool force)
    {
        // Not the caller's token: the flight outlives any one request.
        var cancellationToken = CancellationToken.None;
        var startedAt = _time.GetUtcNow();
        var deadline = startedAt + LeaseWaitLimit;
        while (true)
        {
            IAsyncDisposable? lease;
            try
            {
                lease = await _lease.TryAcquireAsync(key, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                return new CredentialResult.StoreUnavailable();
            }

            if (lease is not null)
            {
                await using (lease)
                {
                    return await RefreshHoldingLeaseAsync(key, provider, force, startedAt, cancellationToken);
                }
            }

            // Another instance is refreshing this connection: wait for its result instead of
            // spending (and, with rotating refresh tokens, invalidating) the refresh token too.
            await Task.Delay(LeasePollInterval, _time, cancellationToken);
            var (answer, current) = await ReadStoredAsync(key, force, startedAt, cancellationToken);
            if (answer is not null || current is null)
            {
                return answer ?? new CredentialResult.ConnectionRequired();
            }

            if (_time.GetUtcNow() >= deadline)
            {
                Log.LeaseWaitTimedOut(_logger, key.Provider);
                return (CredentialResult?)StillValid(current.Token) ?? new CredentialResult.Unavailable();
            }
        }
    }

    private async Task<CredentialResult> RefreshHoldingLeaseAsync(
        ConnectionKey key, ProviderDefinition provider, bool force, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        // Re-read under the lease: a flight on this or another instance that finished a
        // moment ago may already have stored a fresh token.
        var (answer, current) = await ReadStoredAsync(key, force, startedAt, cancellationToken);
        if (answer is not null || current is null)
        {
            return answer ?? new CredentialResult.ConnectionRequired();
        }

        if (current.Token.RefreshToken is not { } refreshToken)
        {
            return (CredentialResult?)StillValid(current.Token) ?? new CredentialResult.ConnectionRequired();
        }

        var delay = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var result = await _tokenClient.RefreshAsync(provider, refreshToken, cancellationToken);
            switch (result)
            {
                case TokenEndpointResult.Success success:
                    return await StoreRefreshedAsync(key, provider, current, success.Tokens, cancellationToken);

                case TokenEndpointResult.Rejected { EndsGrant: true } rejected:
                    Log.RefreshRejected(_logger, key.Provider, rejected.Error);
                    await TryMarkNeedsReauthorizationAsync(key, current, cancellationToken);
                    return new CredentialResult.ConnectionRequired();

                case TokenEndpointResult.Rejected rejected:
                    // Latchkey's client, not the user's grant: an unreadable or refused client id or
                    // secret is fixed by an operator, after which the same grant works again.
                    Log.ClientRefused(_logger, key.Provider, rejected.Error);
                    return (CredentialResult?)StillValid(current.Token) ?? new CredentialResult.Unavailable();

                default:
                    if (attempt >= MaxAttempts)
                    {
                        Log.RefreshUnavailable(_logger, key.Provider, attempt);
                        return (CredentialResult?)StillValid(current.Token) ?? new CredentialResult.Unavailable();
                    }

                    await Task.Delay(delay, _time, cancellationToken);
                    delay *= 3;
                    break;
            }
        }
    }

    private async Task<CredentialResult> StoreRefreshedAsync(
        ConnectionKey key, ProviderDefinition provider, StoredUserToken read, TokenResponse tokens, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = read.Token;
        var refreshed = current with
        {
            AccessToken = tokens.AccessToken,
            // Providers that do not rotate omit refresh_token: keep the one we have (RFC 6749 §6).
            RefreshToken = tokens.RefreshToken ?? current.RefreshToken,
            ExpiresAt = tokens.ExpiresIn is { } lifetime ? now + lifetime : null,
            Scopes = tokens.Scopes ?? current.Scopes,
            RefreshedAt = now,
            NeedsReauthorization = false,
            InstanceUrl = provider.OAuth?.VetInstanceUrl(tokens.InstanceUrl) ?? current.InstanceUrl,
        };
        var replaced = true;
        try
        {
            replaced = await _vault.ReplaceAsync(key, read, refreshed, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The new token still works for this burst; with a rotating provider the next
            // instance will need re-authorisation, which is logged.
            Log.RefreshedNotStored(_logger, key.Provider);
        }

        if (!replaced)
        {
            return await DropRefreshedAsync(key, provider, refreshed, cancellationToken);
        }

        Log.Refreshed(_logger, key.Provider);
        return new CredentialResult.Issued(refreshed.AccessToken, CredentialMode.User, refreshed.InstanceUrl);
    }

    /// <summary>
    /// The connection was deleted or written again while the token endpoint answered. A disconnect
    /// wins: the new tokens are revoked where the provider can, and the request needs a connection.
    /// A newer record (a reconnect) is kept and serves the request while its access token is valid;
    /// the new tokens are not revoked then, since at some providers that ends the reconnected grant too.
    /// </summary>
    private async Task<CredentialResult> DropRefreshedAsync(
        ConnectionKey key, ProviderDefinition provider, UserToken refreshed, CancellationToken cancellationToken)
    {
        UserToken? newer;
        try
        {
            newer = await _vault.GetStoredAsync(key, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return new CredentialResult.StoreUnavailable();
        }

        Log.RefreshedConnectionChanged(_logger, key.Provider, newer is null);
        if (newer is null)
        {
            if (ConnectionDisconnector.CanRevoke(provider))
            {
                await _tokenClient.RevokeGrantAsync(provider, refreshed, cancellationToken);
            }

            return new CredentialResult.ConnectionRequired();
        }

        return newer.NeedsReauthorization
            ? new CredentialResult.ConnectionRequired()
            : (CredentialResult?)StillValid(newer) ?? new CredentialResult.Unavailable();
    }

    /// <summary>Marks the connection, unless it was deleted or reconnected since <paramref name="read"/>.</summary>
    private async Task TryMarkNeedsReauthorizationAsync(ConnectionKey key, StoredUserToken read, CancellationToken cancellationToken)
    {
        try
        {
            await _vault.ReplaceAsync(key, read, read.Token with { NeedsReauthorization = true }, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            Log.RefreshedNotStored(_logger, key.Provider);
        }
    }

    /// <summary>
    /// Reads the stored token (never the cache) and decides: an answer to return now, or
    /// (answer null) the token that still needs refreshing.
    /// </summary>
    private async Task<(CredentialResult? Answer, StoredUserToken? Token)> ReadStoredAsync(
        ConnectionKey key, bool force, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        StoredUserToken? current;
        try
        {
            current = await _vault.GetVersionedAsync(key, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return (new CredentialResult.StoreUnavailable(), null);
        }

        if (current is null || current.Token.NeedsReauthorization)
        {
            return (new CredentialResult.ConnectionRequired(), null);
        }

        return IsFreshSince(current.Token, force, startedAt)
            ? (new CredentialResult.Issued(current.Token.AccessToken, CredentialMode.User, current.Token.InstanceUrl), null)
            : (null, current);
    }

    /// <summary>
    /// Usable without a refresh: not due, and for a forced refresh also refreshed after the
    /// request for it began (by this instance's previous flight or by another instance).
    /// </summary>
    private bool IsFreshSince(UserToken token, bool force, DateTimeOffset startedAt) =>
        !IsDue(token) && (!force || token.RefreshedAt >= startedAt);

    private CredentialResult.Issued? StillValid(UserToken token) =>
        token.ExpiresAt is { } expiresAt && expiresAt > _time.GetUtcNow()
            ? new CredentialResult.Issued(token.AccessToken, CredentialMode.User, token.InstanceUrl)
            : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2011, EventName = "UserTokenRefreshed", Level = LogLevel.Information,
            Message = "The user's token for provider {Provider} was refreshed")]
        public static partial void Refreshed(ILogger logger, string provider);

        [LoggerMessage(EventId = 2012, EventName = "UserTokenRefreshRejected", Level = LogLevel.Warning,
            Message = "Provider {Provider} refused to refresh the user's token ({OAuthError}); the user must connect again")]
        public static partial void RefreshRejected(ILogger logger, string provider, string oauthError);

        [LoggerMessage(EventId = 2013, EventName = "UserTokenRefreshUnavailable", Level = LogLevel.Error,
            Message = "Refreshing the user's token for provider {Provider} failed after {Attempts} attempts; the refresh token is kept")]
        public static partial void RefreshUnavailable(ILogger logger, string provider, int attempts);

        [LoggerMessage(EventId = 2014, EventName = "UserTokenRefreshNotStored", Level = LogLevel.Error,
            Message = "The refreshed token for provider {Provider} could not be stored")]
        public static partial void RefreshedNotStored(ILogger logger, string provider);

        [LoggerMessage(EventId = 2015, EventName = "UserTokenRefreshLeaseWaitTimedOut", Level = LogLevel.Error,
            Message = "Waited too long for another instance to refresh the user's token for provider {Provider}")]
        public static partial void LeaseWaitTimedOut(ILogger logger, string provider);

        [LoggerMessage(EventId = 2016, EventName = "UserTokenRefreshClientRefused", Level = LogLevel.Error,
            Message = "Refreshing the user's token for provider {Provider} failed on Latchkey's client, not the grant ({OAuthError}); the connection is kept")]
        public static partial void ClientRefused(ILogger logger, string provider, string oauthError);

        [LoggerMessage(EventId = 2017, EventName = "UserTokenRefreshDiscarded", Level = LogLevel.Warning,
            Message = "The connection to provider {Provider} was changed while its token was refreshed (deleted: {Deleted}); the refreshed token is discarded")]
        public static partial void RefreshedConnectionChanged(ILogger logger, string provider, bool deleted);
    }
}
