
namespace Latchkey.Rules.Conditions;

/// <summary>
/// A rule's <c>when:</c> list, compiled at load: every condition must hold for the rule to match.
/// Evaluated in order, stopping at the first that does not hold; a value that cannot be read
/// unambiguously makes the whole request unreadable (refused), never a silent non-match.
/// </summary>
public sealed class RuleConditions
{
    private readonly RuleCondition[] _conditions;

    internal RuleConditions(IReadOnlyList<RuleCondition> conditions)
    {
        _conditions = [.. conditions];
        ReadsBody = _conditions.Any(c => c.Subject.ReadsBody);
        JudgesGraphQl = _conditions.Length > 0 && _conditions[0].Subject is GraphQl.GraphQlSubject;
    }

    /// <summary>True when the rule has a <c>graphql:</c> key (its condition comes first, <see cref="Combine"/>).</summary>
    internal bool JudgesGraphQl { get; }

    /// <summary>A rule's <c>graphql:</c> condition (evaluated first, so an unreadable document is always refused) and its <c>when:</c> list.</summary>
    internal static RuleConditions? Combine(RuleCondition? graphQl, RuleConditions? when) =>
        graphQl is null ? when : new RuleConditions(when is null ? [graphQl] : [graphQl, .. when._conditions]);

    /// <summary>True when a condition reads the JSON body, so matching requests must have it inspected.</summary>
    public bool ReadsBody { get; }

    public int Count => _conditions.Length;

    /// <summary>The conditions as the rule spells them, for <c>GET /v1/rules</c>.</summary>
    public IReadOnlyList<string> Describe() => [.. _conditions.Select(c => c.ToString())];

    /// <summary>Whether the conditions hold; on <see cref="ConditionOutcome.Unreadable"/>, <paramref name="problem"/> says why (fixed text).</summary>
    internal ConditionOutcome Evaluate(string ruleId, in RequestFacts facts, ConditionTrace? trace, out string? problem)
    {
        problem = null;
        foreach (var condition in _conditions)
        {
            var outcome = condition.Evaluate(facts, out var value);
            if (outcome == ConditionOutcome.Holds)
            {
                continue;
            }

            if (outcome == ConditionOutcome.Unreadable)
            {
                // The value was read; the matcher could not decide (see ValueMatcher.Match).
                problem = value.Problem ?? $"the condition on line {condition.Line} cannot decide on this value: "
                    + "a pattern ran out of time, or a number compares differently read exactly and read as a double";
            }

            trace?.Record(ruleId, condition, value, outcome);
            return outcome;
        }

        return ConditionOutcome.Holds;
    }
}
