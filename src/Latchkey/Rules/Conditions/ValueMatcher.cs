
namespace Latchkey.Rules.Conditions;

/// <summary>One matcher of the declarative condition set (<c>equals</c>, <c>in</c>, <c>matches</c>, <c>ends_with</c>, <c>max_length</c>, <c>exists</c>, <c>all_of</c>).</summary>
internal abstract class ValueMatcher
{
    /// <summary>Holds or fails on a present value; <see cref="ConditionOutcome.Unreadable"/> only when it cannot decide.</summary>
    public abstract ConditionOutcome Match(in ConditionValue value);

    /// <summary>What the matcher asks, as the rule spells it, for explain.</summary>
    public abstract string Describe();

    protected static ConditionOutcome Of(bool holds) => holds ? ConditionOutcome.Holds : ConditionOutcome.Fails;
}
