
namespace Latchkey.Rules.Conditions;

/// <summary><c>exists: true|false</c>: whether the value is given at all (a JSON <c>null</c> is given).</summary>
internal sealed class ExistsMatcher(bool expected) : ValueMatcher
{
    public bool Expected => expected;

    public override ConditionOutcome Match(in ConditionValue value) => Of(value.IsPresent == expected);

    public override string Describe() => expected ? "exists" : "is absent";
}
