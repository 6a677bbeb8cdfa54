using System.Security.Cryptography;
using Latchkey.Config;
using Latchkey.Providers;
using Latchkey.Stores;

namespace Latchkey.Credentials;

/// <summary>
/// Keeps idle connections alive for providers whose refresh tokens expire when unused (the
/// preset's <see cref="OAuthSettings.IdleRefreshInterval"/>): such tokens are refreshed ahead of time.
/// </summary>
internal sealed partial class IdleConnectionRefresher : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);
    private readonly IConnectionStore _store;
    private readonly UserTokenRefresher _refresher;
    private readonly IConfigSnapshotSource _config;
    private readonly TimeProvider _time;
    private readonly ILogger<IdleConnectionRefresher> _logger;

    public IdleConnectionRefresher(
        IConnectionStore store, UserTokenRefresher refresher, IConfigSnapshotSource config, TimeProvider time, ILogger<IdleConnectionRefresher> logger)
    {
        _store = store;
        _refresher = refresher;
        _config = config;
        _time = time;
        _logger = logger;
    }

    /// <summary>One sweep: refreshes every connection idle for its provider's interval; returns how many were refreshed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var refreshed = 0;
        var now = _time.GetUtcNow();
        foreach (var record in await _store.ListAllAsync(cancellationToken))
        {
            if (!_config.Current.Providers.TryGetValue(record.Key.Provider, out var provider)
                || provider.OAuth?.IdleRefreshInterval is not { } interval
                || (record.RefreshedAt ?? record.ConnectedAt) + interval > now)
            {
                continue;
            }

            if (await TryRefreshAsync(record, provider, cancellationToken))
            {
                refreshed++;
            }
        }

        return refreshed;
    }

    /// <summary>
    /// One connection's refresh. Whatever goes wrong with it (tokens sealed under a key no longer
    /// held, an answer nobody foresaw) is logged and the sweep goes on: the other users' refresh
    /// tokens must not expire because of one record, nor the host stop.
    /// </summary>
    private async Task<bool> TryRefreshAsync(ConnectionRecord record, ProviderDefinition provider, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _refresher.RefreshAsync(record.Key, provider, record.Scopes, force: true, cancellationToken);
            return result is CredentialResult.Issued;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ConnectionSkipped(_logger, record.Key.Provider, ex.GetType().Name);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var count = await SweepAsync(stoppingToken);
                Log.Swept(_logger, count);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or CryptographicException)
            {
                Log.SweepFailed(_logger, ex.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2021, EventName = "IdleConnectionsRefreshed", Level = LogLevel.Information,
            Message = "Idle connection sweep refreshed {Count} connections")]
        public static partial void Swept(ILogger logger, int count);

        [LoggerMessage(EventId = 2022, EventName = "IdleConnectionSweepFailed", Level = LogLevel.Warning,
            Message = "Idle connection sweep stopped early ({ErrorType}); it runs again at the next interval")]
        public static partial void SweepFailed(ILogger logger, string errorType);

        [LoggerMessage(EventId = 2023, EventName = "IdleConnectionRefreshFailed", Level = LogLevel.Warning,
            Message = "Idle connection sweep could not refresh a connection to provider {Provider} ({ErrorType}); the sweep goes on")]
        public static partial void ConnectionSkipped(ILogger logger, string provider, string errorType);
    }
}
