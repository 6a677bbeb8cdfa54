
namespace Latchkey.Rules.Conditions;

/// <summary><c>ends_with: suffix</c>: a text or JSON string ending with the suffix (ordinal, or ignoring case).</summary>
internal sealed class EndsWithMatcher(string suffix, bool ignoreCase) : ValueMatcher
{
    public override ConditionOutcome Match(in ConditionValue value) =>
        Of(value.TryGetString(out var text)
            && text.EndsWith(suffix, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    public override string Describe() => "ends_with " + suffix;
}
