using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Slack: posts <see cref="SlackMessage"/> to an incoming webhook, or with a bot token to
/// <c>chat.postMessage</c> (which answers 200 with <c>"ok": false</c> on errors, so its body is read).
/// </summary>
internal sealed class SlackChannel : INotificationChannel
{
    private const int MaxAnswerBytes = 64 * 1024;

    private readonly SlackNotificationOptions _options;
    private readonly ISecretResolver _secrets;

    public SlackChannel(IOptions<ApprovalNotificationOptions> options, ISecretResolver secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Slack;
        _secrets = secrets;
    }

    public string Name => "slack";

    public bool IsConfigured => _options.IsConfigured;

    private bool UsesBot => !string.IsNullOrWhiteSpace(_options.BotToken);

    public bool Accepts(string tenant) => TenantFilter.Accepts(_options.Tenants, tenant);

    public async ValueTask<HttpRequestMessage?> CreateRequestAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!UsesBot)
        {
            var url = await _secrets.ResolveAsync(SecretReference.Parse(_options.WebhookUrl!), cancellationToken);
            return NotificationUrl.IsAcceptable(url) ? JsonRequest.Post(url!, SlackMessage.Create(delivery.Notice, _options.IsInteractive, null)) : null;
        }

        var token = await _secrets.ResolveAsync(SecretReference.Parse(_options.BotToken!), cancellationToken);
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var request = JsonRequest.Post(_options.ApiBaseUrl.TrimEnd('/') + "/chat.postMessage", SlackMessage.Create(delivery.Notice, _options.IsInteractive, _options.Channel));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async ValueTask<DeliveryAttemptResult> JudgeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var byStatus = DeliveryStatus.Judge((int)response.StatusCode);
        if (!UsesBot || byStatus != DeliveryAttemptResult.Delivered)
        {
            return byStatus;
        }

        // The Web API's verdict is in the body: {"ok": true} or {"ok": false, "error": "..."}.
        var answer = new byte[MaxAnswerBytes];
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream.ConfigureAwait(false))
        {
            var length = await stream.ReadAtLeastAsync(answer, MaxAnswerBytes, throwOnEndOfStream: false, cancellationToken);
            try
            {
                using var json = JsonDocument.Parse(answer.AsMemory(0, length));
                var root = json.RootElement;
                if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
                {
                    return DeliveryAttemptResult.Delivered;
                }

                return root.TryGetProperty("error", out var error) && error.ValueEquals("ratelimited")
                    ? DeliveryAttemptResult.Retry
                    : DeliveryAttemptResult.Rejected;
            }
            catch (JsonException)
            {
                return DeliveryAttemptResult.Retry;
            }
        }
    }
}
