
namespace Latchkey.Rules.Conditions;

/// <summary>
/// For explain: the condition that stopped a rule from matching (or could not be read), and the
/// value it saw, masked when it looks like a secret. <see cref="Value"/> is null when absent.
/// </summary>
public sealed record ConditionFailure(string Rule, int Line, string Condition, string Outcome, string? Value);
