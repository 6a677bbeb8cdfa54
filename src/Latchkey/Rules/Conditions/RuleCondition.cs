
namespace Latchkey.Rules.Conditions;

/// <summary>One compiled condition of a rule: a subject, a matcher and the rules.yaml line it was written on.</summary>
internal sealed class RuleCondition(ConditionSubject subject, ValueMatcher matcher, int line)
{
    public ConditionSubject Subject => subject;

    public ValueMatcher Matcher => matcher;

    public int Line => line;

    public ConditionOutcome Evaluate(in RequestFacts facts, out ConditionValue value)
    {
        value = subject.Read(facts);
        return value.IsUnreadable ? ConditionOutcome.Unreadable : matcher.Match(value);
    }

    public override string ToString() => subject + " " + matcher.Describe();
}
