using System.Globalization;
using System.Text.Json;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// <c>equals: v</c> and <c>in: [a, b]</c>: the value is one of the operands. Texts and JSON strings
/// compare ordinally (or ignoring case when the condition says so); a JSON number compares by value
/// with a numeric operand (<c>5</c> equals <c>5.0</c>), and is unreadable when read exactly and read
/// as a double it would compare differently; JSON <c>true</c>/<c>false</c> with the operand
/// <c>true</c>/<c>false</c>. Null, arrays and objects equal nothing.
/// </summary>
internal sealed class EqualsMatcher(string key, IReadOnlyList<string> operands, bool ignoreCase) : ValueMatcher
{
    private readonly decimal?[] _numbers = [.. operands.Select(o =>
        decimal.TryParse(o, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (decimal?)null)];

    private readonly double?[] _doubles = [.. operands.Select(o =>
        double.TryParse(o, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : (double?)null)];

    private StringComparison Comparison => ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public override ConditionOutcome Match(in ConditionValue value)
    {
        if (value.TryGetString(out var text))
        {
            foreach (var operand in operands)
            {
                if (string.Equals(text, operand, Comparison))
                {
                    return ConditionOutcome.Holds;
                }
            }

            return ConditionOutcome.Fails;
        }

        if (!value.IsJson)
        {
            return ConditionOutcome.Fails;
        }

        return value.Json.ValueKind switch
        {
            JsonValueKind.Number => CompareNumber(value.Json),
            JsonValueKind.True => Of(operands.Contains("true")),
            JsonValueKind.False => Of(operands.Contains("false")),
            _ => ConditionOutcome.Fails,
        };
    }

    // Upstreams read a JSON number exactly (decimal, BigDecimal) or as a double (JavaScript, most
    // JSON libraries). A number the two readings judge differently (123.000000000000001 against 123,
    // 2^53 + 1 against 2^53) could pass a deny rule here and be the denied value upstream.
    private ConditionOutcome CompareNumber(JsonElement json)
    {
        bool? exact = json.TryGetDecimal(out var number) ? _numbers.Contains(number) : null;
        bool? binary = json.TryGetDouble(out var approximate) ? _doubles.Contains(approximate) : null;
        return (exact, binary) switch
        {
            (true, false) or (false, true) => ConditionOutcome.Unreadable,
            (true, _) or (_, true) => ConditionOutcome.Holds,
            _ => ConditionOutcome.Fails,
        };
    }

    public override string Describe() => key == "equals"
        ? $"equals {operands[0]}"
        : $"in [{string.Join(", ", operands)}]";
}
