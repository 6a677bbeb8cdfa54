using Latchkey.Rules;
using Latchkey.Rules.Packs;

namespace Latchkey.Cli;

/// <summary>
/// The text of <c>latchkey rules packs</c> (the built-in packs with every rule) and of the
/// included rules <c>latchkey rules lint</c> lists: one line per rule, so a reviewer reads exactly
/// what an include adds.
/// </summary>
internal static class RulePackListing
{
    public static void WriteCatalog(TextWriter output)
    {
        foreach (var pack in RulePackCatalog.All.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"{pack.Name} (preset: {pack.Preset}; scopes unless the include sets them: [{string.Join(", ", pack.Scopes)}])");
            output.WriteLine("  " + pack.Description);
            foreach (var parameter in pack.Parameters)
            {
                output.WriteLine($"  params.{parameter.Name} (required): {parameter.Description}, e.g. [{parameter.Example}] (the rules below show the example)");
            }

            foreach (var rule in pack.Sample)
            {
                output.WriteLine("  " + Describe(rule, withScopes: false));
            }

            output.WriteLine();
        }
    }

    /// <summary>The rules the config's includes added, in order.</summary>
    public static void WriteIncluded(IReadOnlyList<RuleDefinition> rules, TextWriter output)
    {
        foreach (var rule in rules.Where(r => r.Pack is not null))
        {
            output.WriteLine($"included: rules.yaml:{rule.Line}: {rule.Provider} {Describe(rule, withScopes: true)}");
        }
    }

    private static string Describe(RuleDefinition rule, bool withScopes)
    {
        var text = $"{rule.Id}: {string.Join(',', rule.Methods)} {rule.Path} -> {rule.Action.ToString().ToLowerInvariant()}";
        if (withScopes && rule.Scopes.Count > 0)
        {
            text += $" [scopes: {string.Join(", ", rule.Scopes)}]";
        }

        return rule.Conditions is { } conditions ? text + " when " + string.Join(" and ", conditions.Describe()) : text;
    }
}
