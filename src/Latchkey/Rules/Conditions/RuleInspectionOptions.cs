
namespace Latchkey.Rules.Conditions;

/// <summary><c>Latchkey:Rules</c>: bounds on what rule conditions may read.</summary>
public sealed class RuleInspectionOptions
{
    public const string SectionName = "Latchkey:Rules";
    public const int DefaultMaxInspectedBodyBytes = 1024 * 1024;
    public const int MaxMaxInspectedBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The largest body a rule with body conditions may judge; a larger one is refused 413
    /// <c>payload_too_large</c> (it is held in memory, so it is bounded).
    /// </summary>
    public int MaxInspectedBodyBytes { get; set; } = DefaultMaxInspectedBodyBytes;
}
