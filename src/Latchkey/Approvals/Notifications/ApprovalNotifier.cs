using System.Security.Cryptography;
using Latchkey.Hosting;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Queues one delivery per configured channel that takes the approval's tenant. With no channel
/// configured it does nothing. A full queue drops the delivery and audits that.
/// </summary>
internal sealed partial class ApprovalNotifier : IApprovalNotifier
{
    private readonly INotificationChannel[] _channels;
    private readonly NotificationQueue _queue;
    private readonly NotificationAudit _audit;
    private readonly string _pageUrl;
    private readonly ILogger<ApprovalNotifier> _logger;

    public ApprovalNotifier(
        IEnumerable<INotificationChannel> channels,
        NotificationQueue queue,
        NotificationAudit audit,
        IOptions<ApprovalNotificationOptions> options,
        PublicUrl publicUrl,
        ILogger<ApprovalNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publicUrl);
        _channels = channels.Where(c => c.IsConfigured).ToArray();
        _queue = queue;
        _audit = audit;
        _pageUrl = (options.Value.PageBaseUrl?.TrimEnd('/') ?? publicUrl.Value) + Admin.ApprovalsPage.BasePath + "/approvals";
        _logger = logger;
    }

    public void Notify(ApprovalRecord approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ApprovalNotice? notice = null;
        foreach (var channel in _channels)
        {
            if (!channel.Accepts(approval.Tenant))
            {
                continue;
            }

            notice ??= new ApprovalNotice(approval, _pageUrl);
            var delivery = new NotificationDelivery("ntf_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), channel, notice);
            if (!_queue.TryEnqueue(delivery))
            {
                Log.Dropped(_logger, channel.Name, approval.Id);
                _audit.Dropped(delivery);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3150, EventName = "ApprovalNotificationDropped", Level = LogLevel.Warning,
            Message = "Notification queue full: {Channel} notification of approval {ApprovalId} dropped")]
        public static partial void Dropped(ILogger logger, string channel, string approvalId);
    }
}
