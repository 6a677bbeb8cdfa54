namespace Latchkey.Approvals.Notifications;

/// <summary>How a receiver's HTTP status is read, the same for every channel.</summary>
internal static class DeliveryStatus
{
    public static DeliveryAttemptResult Judge(int status) => status switch
    {
        >= 200 and < 300 => DeliveryAttemptResult.Delivered,
        408 or 429 or >= 500 => DeliveryAttemptResult.Retry,
        _ => DeliveryAttemptResult.Rejected,
    };
}
