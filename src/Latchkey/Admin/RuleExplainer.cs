using Latchkey.DataPlane;
using Latchkey.Rules;

namespace Latchkey.Admin;

/// <summary>
/// Answers "what would the data plane do with this request?" by asking <see cref="RequestJudge"/>,
/// the code the data plane runs, in its order, on the snapshot in force; this only shapes the answer.
/// </summary>
internal static class RuleExplainer
{
    public static ExplainResponse Explain(PolicySnapshot policy, string provider, string method, string path, IReadOnlySet<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var verdict = RequestJudge.Judge(policy.Rules, policy.Config.Providers, provider, method, path, scopes);
        return new(verdict.Code, verdict.RuleId, verdict.Reason,
            verdict.Kind == VerdictKind.InsufficientScope ? verdict.RequiredScopes : null);
    }
}
