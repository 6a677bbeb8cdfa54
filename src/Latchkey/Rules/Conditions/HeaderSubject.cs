
namespace Latchkey.Rules.Conditions;

/// <summary>
/// One request header. A header sent on more than one line is unreadable (which line an upstream
/// honours varies); the credential headers Latchkey replaces can never be named (checked at load).
/// </summary>
internal sealed class HeaderSubject(string name) : ConditionSubject("header", name)
{
    public override ConditionValue Read(in RequestFacts facts)
    {
        if (facts.Headers is null || !facts.Headers.TryGetValue(Name, out var values) || values.Count == 0)
        {
            return ConditionValue.Absent;
        }

        return values.Count == 1
            ? ConditionValue.Of(values[0] ?? string.Empty)
            : ConditionValue.Unreadable($"the header '{Name}' is sent more than once");
    }
}
