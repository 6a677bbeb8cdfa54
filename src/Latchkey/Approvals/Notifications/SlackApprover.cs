namespace Latchkey.Approvals.Notifications;

/// <summary>A Slack user allowed to decide a tenant's approvals, as the Latchkey user <see cref="UserId"/>.</summary>
public sealed class SlackApprover
{
    public string UserId { get; set; } = string.Empty;

    /// <summary>True: decides any approval of the tenant (as a tenant admin); false: only <see cref="UserId"/>'s own.</summary>
    public bool Admin { get; set; }
}
