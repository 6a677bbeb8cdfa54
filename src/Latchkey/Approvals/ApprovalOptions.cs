namespace Latchkey.Approvals;

/// <summary>Settings of the approval gate (section <c>Latchkey:Approvals</c>).</summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Latchkey:Approvals";

    /// <summary>The contract's limit on a body held for approval (larger gets 413).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How long an approval can be decided and then used.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);
}
