namespace Latchkey.Approvals.Notifications;

/// <summary>
/// One message to one channel. <see cref="Id"/> stays the same across retries, so a receiver can
/// drop a duplicate (the idempotency key).
/// </summary>
internal sealed record NotificationDelivery(string Id, INotificationChannel Channel, ApprovalNotice Notice);
