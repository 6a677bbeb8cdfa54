namespace Latchkey.Approvals.Notifications;

/// <summary>Exponential backoff: <c>InitialBackoff</c> before the second attempt, doubling, at most <c>MaxBackoff</c>.</summary>
internal static class NotificationBackoff
{
    /// <param name="failedAttempt">The attempt that just failed, from 1.</param>
    public static TimeSpan After(int failedAttempt, TimeSpan initial, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var delay = initial * factor;
        return delay > max ? max : delay;
    }
}
