namespace Latchkey.Approvals.Notifications;

/// <summary>One way of telling approvers: builds the HTTP request of a delivery and judges the answer.</summary>
internal interface INotificationChannel
{
    /// <summary>The channel's name in audit events and logs: <c>webhook</c>, <c>slack</c> or <c>teams</c>.</summary>
    string Name { get; }

    bool IsConfigured { get; }

    /// <summary>True when approvals of <paramref name="tenant"/> are sent through this channel.</summary>
    bool Accepts(string tenant);

    /// <summary>The request of one attempt (signed afresh each time), or null when a secret cannot be read now.</summary>
    ValueTask<HttpRequestMessage?> CreateRequestAsync(NotificationDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Whether the receiver took it, may take it later, or refused it for good.</summary>
    ValueTask<DeliveryAttemptResult> JudgeAsync(HttpResponseMessage response, CancellationToken cancellationToken);
}
