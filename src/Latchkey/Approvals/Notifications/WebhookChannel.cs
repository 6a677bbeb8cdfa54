using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>The generic webhook: the approval's facts as JSON, signed (<see cref="WebhookSignature"/>) with a delivery id.</summary>
internal sealed class WebhookChannel : INotificationChannel
{
    private readonly WebhookNotificationOptions _options;
    private readonly ISecretResolver _secrets;
    private readonly TimeProvider _time;

    public WebhookChannel(IOptions<ApprovalNotificationOptions> options, ISecretResolver secrets, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Webhook;
        _secrets = secrets;
        _time = time;
    }

    public string Name => "webhook";

    public bool IsConfigured => _options.IsConfigured;

    public bool Accepts(string tenant) => TenantFilter.Accepts(_options.Tenants, tenant);

    public async ValueTask<HttpRequestMessage?> CreateRequestAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var url = await _secrets.ResolveAsync(SecretReference.Parse(_options.Url!), cancellationToken);
        var secret = await _secrets.ResolveAsync(SecretReference.Parse(_options.Secret!), cancellationToken);
        if (!NotificationUrl.IsAcceptable(url) || string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var body = WebhookPayload.Create(delivery.Notice, delivery.Id);
        var request = JsonRequest.Post(url!, body);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(secret, _time.GetUtcNow(), body));
        request.Headers.Add(WebhookSignature.DeliveryHeaderName, delivery.Id);
        return request;
    }

    public ValueTask<DeliveryAttemptResult> JudgeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ValueTask.FromResult(DeliveryStatus.Judge((int)response.StatusCode));
    }
}
