using System.Text.Json;

namespace Latchkey.Rules.Conditions;

/// <summary><c>max_length: n</c>: a text of at most n Unicode scalar values, or a JSON array of at most n items.</summary>
internal sealed class MaxLengthMatcher(int limit) : ValueMatcher
{
    public override ConditionOutcome Match(in ConditionValue value)
    {
        if (value.TryGetString(out var text))
        {
            // Quick accept: a string never has more scalar values than UTF-16 units.
            return Of(text.Length <= limit || text.EnumerateRunes().Count() <= limit);
        }

        return Of(value.IsJson && value.Json.ValueKind == JsonValueKind.Array && value.Json.GetArrayLength() <= limit);
    }

    public override string Describe() => "max_length " + limit;
}
