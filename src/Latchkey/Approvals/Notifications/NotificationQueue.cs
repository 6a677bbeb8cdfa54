using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// The bounded in-process queue between the approval gate and <see cref="NotificationDispatcher"/>.
/// A slot is held from enqueue until the delivery is done (delivered or dead-lettered), so
/// deliveries waiting for a retry count too: a dead receiver fills the queue, and further
/// notifications are dropped at once rather than ever making a request wait.
/// </summary>
internal sealed class NotificationQueue
{
    private readonly Channel<NotificationDelivery> _channel;
    private readonly int _capacity;
    private int _inFlight;

    public NotificationQueue(IOptions<ApprovalNotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<NotificationDelivery>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public ChannelReader<NotificationDelivery> Reader => _channel.Reader;

    /// <summary>Deliveries queued or still being attempted.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>False when <c>QueueCapacity</c> deliveries are already in flight: the caller drops this one.</summary>
    public bool TryEnqueue(NotificationDelivery delivery)
    {
        if (Interlocked.Increment(ref _inFlight) > _capacity || !_channel.Writer.TryWrite(delivery))
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        return true;
    }

    /// <summary>Frees the slot of a delivery that is done, delivered or not.</summary>
    public void Complete() => Interlocked.Decrement(ref _inFlight);
}
