namespace Latchkey.Rules;

/// <summary>How rules.yaml is applied (its top-level <c>mode:</c>).</summary>
public enum RulesMode
{
    /// <summary>Refusals are refused (the default).</summary>
    Enforce,

    /// <summary>
    /// Refusals are audited as <c>would_deny</c> but forwarded, so a team can watch a new
    /// allowlist against real traffic before enforcing it.
    /// </summary>
    Shadow,
}
