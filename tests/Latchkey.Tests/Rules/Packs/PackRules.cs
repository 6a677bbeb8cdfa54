using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Tests.Rules.Conditions;

namespace Latchkey.Tests.Rules.Packs;

/// <summary>Providers of each pack's preset, and rules.yaml texts that include packs, loaded as the proxy loads them.</summary>
internal static class PackRules
{
    public const string Providers = """
        providers:
          mail:
            preset: google
            upstream: https://gmail.googleapis.com
          mailv1:
            preset: google
            upstream: https://gmail.googleapis.com/gmail/v1
          plain:
            upstream: https://gmail.googleapis.com
          slack:
            preset: slack
            upstream: https://slack.com/api
          jira:
            preset: atlassian
            upstream: https://api.atlassian.com
          jirasite:
            preset: atlassian
            upstream: https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555
          github:
            preset: github
            upstream: https://api.github.com
          graph:
            preset: microsoft
            upstream: https://graph.microsoft.com
        """;

    public static readonly HashSet<string> None = new(StringComparer.Ordinal);

    public static (ConfigLoadResult Result, RuleSet? Rules) Load(string rules) => ConditionRules.Load(rules, Providers);

    public static RuleSet Compile(string rules) => ConditionRules.Compile(rules, Providers);

    public static HashSet<string> Scopes(params string[] scopes) => new(scopes, StringComparer.Ordinal);
}
