using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Drains <see cref="NotificationQueue"/>: each delivery runs on its own, so one slow or dead
/// receiver does not hold up the others. Failed attempts are retried with exponential backoff
/// (on the injected <see cref="TimeProvider"/>); after the last one, or a refusal retrying cannot
/// fix, a dead-letter event goes to the audit stream. Logs name the channel, approval, attempt
/// and status: never a URL (webhook URLs are secrets) or a signature.
/// </summary>
internal sealed partial class NotificationDispatcher : BackgroundService
{
    public const string HttpClientName = "latchkey-notifications";

    private readonly NotificationQueue _queue;
    private readonly IHttpClientFactory _clients;
    private readonly ApprovalNotificationOptions _options;
    private readonly NotificationAudit _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationDispatcher> _logger;

    public NotificationDispatcher(
        NotificationQueue queue,
        IHttpClientFactory clients,
        IOptions<ApprovalNotificationOptions> options,
        NotificationAudit audit,
        TimeProvider time,
        ILogger<NotificationDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _clients = clients;
        _options = options.Value;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.AnyChannel)
        {
            return;
        }

        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                _ = DeliverAsync(delivery, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost with the process, as documented.
        }
    }

    /// <summary>All attempts of one delivery; never throws.</summary>
    internal async Task DeliverAsync(NotificationDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            int? lastStatus = null;
            var attempt = 0;
            while (++attempt <= _options.MaxAttempts)
            {
                var (result, status) = await AttemptAsync(delivery, stoppingToken);
                lastStatus = status ?? lastStatus;
                if (result == DeliveryAttemptResult.Delivered)
                {
                    Log.Delivered(_logger, delivery.Channel.Name, delivery.Notice.Approval.Id, attempt);
                    return;
                }

                Log.AttemptFailed(_logger, delivery.Channel.Name, delivery.Notice.Approval.Id, attempt, status);
                if (result == DeliveryAttemptResult.Rejected || attempt == _options.MaxAttempts)
                {
                    break;
                }

                await Task.Delay(NotificationBackoff.After(attempt, _options.InitialBackoff, _options.MaxBackoff), _time, stoppingToken);
            }

            var attempts = Math.Min(attempt, _options.MaxAttempts);
            Log.DeadLettered(_logger, delivery.Channel.Name, delivery.Notice.Approval.Id, attempts, lastStatus);
            await _audit.DeadLetterAsync(delivery, attempts, lastStatus);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Complete();
        }
    }

    private async Task<(DeliveryAttemptResult Result, int? Status)> AttemptAsync(NotificationDelivery delivery, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            using var request = await delivery.Channel.CreateRequestAsync(delivery, linked.Token);
            if (request is null)
            {
                Log.SecretUnavailable(_logger, delivery.Channel.Name);
                return (DeliveryAttemptResult.Retry, null);
            }

            using var response = await _clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return (await delivery.Channel.JudgeAsync(response, linked.Token), (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return (DeliveryAttemptResult.Retry, null);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (DeliveryAttemptResult.Retry, null);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3151, EventName = "ApprovalNotificationDelivered", Level = LogLevel.Information,
            Message = "{Channel} notification of approval {ApprovalId} delivered on attempt {Attempt}")]
        public static partial void Delivered(ILogger logger, string channel, string approvalId, int attempt);

        [LoggerMessage(EventId = 3152, EventName = "ApprovalNotificationAttemptFailed", Level = LogLevel.Warning,
            Message = "{Channel} notification of approval {ApprovalId}: attempt {Attempt} failed (status {Status})")]
        public static partial void AttemptFailed(ILogger logger, string channel, string approvalId, int attempt, int? status);

        [LoggerMessage(EventId = 3153, EventName = "ApprovalNotificationDeadLettered", Level = LogLevel.Error,
            Message = "{Channel} notification of approval {ApprovalId} abandoned after {Attempts} attempts (last status {Status})")]
        public static partial void DeadLettered(ILogger logger, string channel, string approvalId, int attempts, int? status);

        [LoggerMessage(EventId = 3154, EventName = "ApprovalNotificationSecretUnavailable", Level = LogLevel.Warning,
            Message = "{Channel} notification: its URL or secret could not be read (unset variable, unreachable vault or unusable URL)")]
        public static partial void SecretUnavailable(ILogger logger, string channel);
    }
}
