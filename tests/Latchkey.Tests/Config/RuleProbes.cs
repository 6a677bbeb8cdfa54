using System.Text.RegularExpressions;
using Latchkey.Rules;

namespace Latchkey.Tests.Config;

/// <summary>
/// Derives requests from rules' own templates (every provider, every method, sessions holding
/// every scope, none, or one), so a test can compare what two versions of a rules file let through.
/// </summary>
internal static partial class RuleProbes
{
    [GeneratedRegex(@"\{\*\*?[^}]+\}")]
    private static partial Regex CatchAll();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    public static IReadOnlyList<RuleProbe> From(params IEnumerable<RuleDefinition>[] ruleLists)
    {
        var rules = ruleLists.SelectMany(r => r).ToList();
        var providers = rules.Select(r => r.Provider).Distinct(StringComparer.Ordinal).ToList();
        var allScopes = rules.SelectMany(r => r.Scopes).ToHashSet(StringComparer.Ordinal);
        var scopeSets = new List<IReadOnlySet<string>> { allScopes, new HashSet<string>(StringComparer.Ordinal) };
        scopeSets.AddRange(allScopes.Select(s => new HashSet<string>(StringComparer.Ordinal) { s }));
        var paths = rules.SelectMany(r => Instances(r.Path)).Distinct(StringComparer.Ordinal).ToList();

        return [.. from provider in providers
                   from method in RuleMethods.All
                   from path in paths
                   from scopes in scopeSets
                   select new RuleProbe(provider, method, path, scopes)];
    }

    /// <summary>Concrete paths a template matches: parameters filled in, catch-alls one and two segments deep.</summary>
    private static IEnumerable<string> Instances(string template)
    {
        foreach (var rest in (string[])["x", "x/y"])
        {
            yield return Parameter().Replace(CatchAll().Replace(template, rest), "p1");
        }
    }
}
