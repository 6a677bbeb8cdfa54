namespace Latchkey.Approvals.Notifications;

/// <summary>What one delivery attempt came to.</summary>
internal enum DeliveryAttemptResult
{
    Delivered,

    /// <summary>A network failure, a timeout, 408, 429 or 5xx: worth another attempt after a backoff.</summary>
    Retry,

    /// <summary>Another 4xx (a wrong URL or secret): retrying cannot help.</summary>
    Rejected,
}
