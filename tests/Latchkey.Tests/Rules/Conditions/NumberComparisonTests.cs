using System.Text.Json;
using Latchkey.Rules.Conditions;

namespace Latchkey.Tests.Rules.Conditions;

/// <summary>
/// A JSON number meets <c>equals</c>/<c>in</c> by value. Upstreams read numbers exactly or as doubles,
/// so a number the two readings judge differently is unreadable (400), never a match or a miss that a
/// deny rule could be dodged by.
/// </summary>
public sealed class NumberComparisonTests
{
    [Theory]
    [InlineData("123", "123", ConditionOutcome.Holds)]
    [InlineData("123", "123.0", ConditionOutcome.Holds)]
    [InlineData("123", "1.23e2", ConditionOutcome.Holds)]
    [InlineData("123", "124", ConditionOutcome.Fails)]
    [InlineData("0.1", "0.1", ConditionOutcome.Holds)]
    [InlineData("123", "123.000000000000001", ConditionOutcome.Unreadable)]
    [InlineData("9007199254740992", "9007199254740993", ConditionOutcome.Unreadable)]
    [InlineData("9007199254740993", "9007199254740993", ConditionOutcome.Holds)]
    [InlineData("5", "1e30", ConditionOutcome.Fails)]
    public void A_number_is_compared_by_value_and_is_unreadable_where_exact_and_double_readings_disagree(string operand, string json, ConditionOutcome expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, new EqualsMatcher("equals", [operand], ignoreCase: false).Match(ConditionValue.Of(document.RootElement)));
    }
}
