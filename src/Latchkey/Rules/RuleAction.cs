namespace Latchkey.Rules;

/// <summary>What a matching rule does with a request.</summary>
public enum RuleAction
{
    Allow,
    Deny,
    Approve,
}
