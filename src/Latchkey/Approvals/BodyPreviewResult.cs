namespace Latchkey.Approvals;

/// <summary>What an approver will see of a held body, or that the body is malformed and must be refused.</summary>
internal readonly record struct BodyPreviewResult(bool IsMalformed, string? Preview)
{
    public static BodyPreviewResult Malformed { get; } = new(true, null);

    public static BodyPreviewResult Shown(string? preview) => new(false, preview);
}
