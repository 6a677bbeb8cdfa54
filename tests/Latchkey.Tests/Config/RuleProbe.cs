using Latchkey.Config;
using Latchkey.Rules;

namespace Latchkey.Tests.Config;

/// <summary>One request a test asks a rule set about: provider, method, upstream path and the scopes the session holds.</summary>
internal sealed record RuleProbe(string Provider, string Method, string Path, IReadOnlySet<string> Scopes)
{
    public override string ToString() => $"{Method} {Provider}{Path} [{string.Join(",", Scopes.Order(StringComparer.Ordinal))}]";

    /// <summary>How far a snapshot lets this request through: 2 forwarded, 1 held for a human, 0 refused.</summary>
    public int Reach(ConfigSnapshot snapshot, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(rules);
        var outcome = rules.Decide(Provider, Method, Path, Scopes).Outcome;
        return outcome switch
        {
            RuleOutcome.Allowed => 2,
            RuleOutcome.ApprovalRequired => snapshot.RulesMode == RulesMode.Shadow ? 2 : 1,

            // Shadow mode forwards what it would refuse.
            _ => snapshot.RulesMode == RulesMode.Shadow ? 2 : 0,
        };
    }
}
