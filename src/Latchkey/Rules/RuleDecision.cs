namespace Latchkey.Rules;

/// <summary>The allowlist's verdict: outcome, the deciding rule, and what was missing.</summary>
public sealed record RuleDecision(RuleOutcome Outcome, RuleDefinition? Rule, IReadOnlyList<string> RequiredScopes, string Reason)
{
    public static RuleDecision NoMatch { get; } =
        new(RuleOutcome.NoMatchingRule, null, [], "No rule matches this provider, method and path.");
}
