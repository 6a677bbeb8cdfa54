
namespace Latchkey.Rules.Conditions;

/// <summary>What a rule's conditions said about one request.</summary>
public enum ConditionOutcome
{
    /// <summary>Every condition holds: the rule matches.</summary>
    Holds,

    /// <summary>A condition does not hold: the rule does not match, as if its path did not.</summary>
    Fails,

    /// <summary>A value a condition reads is ambiguous or unreadable: the request is refused (400).</summary>
    Unreadable,
}
