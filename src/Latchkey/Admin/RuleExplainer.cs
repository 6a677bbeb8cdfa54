using Latchkey.Config;
using Latchkey.Forwarding;
using Latchkey.Hosting;
using Latchkey.Rules;

namespace Latchkey.Admin;

/// <summary>
/// Answers "what would the data plane do with this request?" with the same code the data plane
/// runs: the canonicaliser, the method gate, the provider lookup and <see cref="RuleSet.Decide"/>
/// on the snapshot in force.
/// </summary>
internal static class RuleExplainer
{
    public const string AllowedDecision = "allowed";

    public static ExplainResponse Explain(PolicySnapshot policy, string provider, string method, string path, IReadOnlySet<string> scopes)
    {
        if (!RuleMethods.All.Contains(method))
        {
            return new(ErrorCodes.MethodNotAllowed, null, "This method is never forwarded.", null);
        }

        var target = RequestTargetCanonicalizer.Canonicalize(path);
        if (!target.IsSuccess)
        {
            return new(ErrorCodes.AmbiguousPath, null, target.Message, null);
        }

        if (!policy.Config.Providers.ContainsKey(provider))
        {
            return new(ErrorCodes.UnknownProvider, null, "No provider of that name is configured.", null);
        }

        var decision = policy.Rules.Decide(provider, method, target.Path, scopes);
        var code = decision.Outcome switch
        {
            RuleOutcome.Allowed => AllowedDecision,
            RuleOutcome.ApprovalRequired => ErrorCodes.ApprovalRequired,
            RuleOutcome.InsufficientScope => ErrorCodes.InsufficientScope,
            _ => ErrorCodes.RouteDenied,
        };
        return new(code, decision.Rule?.Id, decision.Reason,
            decision.Outcome == RuleOutcome.InsufficientScope ? decision.RequiredScopes : null);
    }
}
