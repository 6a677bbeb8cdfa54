using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>Microsoft Teams: posts <see cref="TeamsCard"/> to a workflow webhook (the workflow answers 202).</summary>
internal sealed class TeamsChannel : INotificationChannel
{
    private readonly TeamsNotificationOptions _options;
    private readonly ISecretResolver _secrets;

    public TeamsChannel(IOptions<ApprovalNotificationOptions> options, ISecretResolver secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Teams;
        _secrets = secrets;
    }

    public string Name => "teams";

    public bool IsConfigured => _options.IsConfigured;

    public bool Accepts(string tenant) => TenantFilter.Accepts(_options.Tenants, tenant);

    public async ValueTask<HttpRequestMessage?> CreateRequestAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var url = await _secrets.ResolveAsync(SecretReference.Parse(_options.WebhookUrl!), cancellationToken);
        return NotificationUrl.IsAcceptable(url) ? JsonRequest.Post(url!, TeamsCard.Create(delivery.Notice)) : null;
    }

    public ValueTask<DeliveryAttemptResult> JudgeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ValueTask.FromResult(DeliveryStatus.Judge((int)response.StatusCode));
    }
}
