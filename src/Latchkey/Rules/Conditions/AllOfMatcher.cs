using System.Text.Json;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// <c>all_of: [ {at: /pointer, matcher}, ... ]</c> on a body array: every item satisfies every item
/// condition, each read at its pointer relative to the item. An absent value or an empty array
/// holds (every item of none); a present value that is not an array fails. Item conditions cannot
/// nest another <c>all_of</c>, so the work is one pass over the array per item condition.
/// </summary>
internal sealed class AllOfMatcher(IReadOnlyList<(JsonPointer At, ValueMatcher Matcher)> itemConditions) : ValueMatcher
{
    public override ConditionOutcome Match(in ConditionValue value)
    {
        if (!value.IsPresent)
        {
            return ConditionOutcome.Holds;
        }

        if (!value.IsJson || value.Json.ValueKind != JsonValueKind.Array)
        {
            return ConditionOutcome.Fails;
        }

        foreach (var item in value.Json.EnumerateArray())
        {
            foreach (var (at, matcher) in itemConditions)
            {
                var outcome = matcher.Match(at.Resolve(item));
                if (outcome != ConditionOutcome.Holds)
                {
                    return outcome;
                }
            }
        }

        return ConditionOutcome.Holds;
    }

    public override string Describe() =>
        "all_of [" + string.Join("; ", itemConditions.Select(c => (c.At.Text.Length == 0 ? "item" : c.At.Text) + " " + c.Matcher.Describe())) + "]";
}
