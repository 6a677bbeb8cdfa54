using System.Text;
using Latchkey.Config;
using Latchkey.Rules;

namespace Latchkey.Tests.Config;

/// <summary>
/// A rules file written in place is readable half written. Every prefix of a shipped rules file
/// (cut at any byte, so at every line and every rule boundary too) must either be refused or let
/// through nothing the whole file refuses.
/// </summary>
public sealed class RulesTruncationTests
{
    [Theory]
    [MemberData(nameof(ShippedConfigFiles.Names), MemberType = typeof(ShippedConfigFiles))]
    public void No_prefix_of_a_shipped_rules_file_lets_through_what_the_whole_file_refuses(string name)
    {
        var (providers, rules) = ShippedConfigFiles.Read(name);
        var whole = Load(providers, rules);
        var probes = RuleProbes.From(whole.Rules);

        var problems = new List<string>();
        for (var cut = 0; cut < rules.Length; cut++)
        {
            var prefix = ConfigLoader.Parse(providers, rules[..cut]);
            if (prefix.Succeeded)
            {
                problems.AddRange(Widenings(whole, prefix.Snapshot, probes).Select(p => $"cut at {Describe(rules, cut)}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Theory]
    [MemberData(nameof(ShippedConfigFiles.Names), MemberType = typeof(ShippedConfigFiles))]
    public void Cutting_a_shipped_rules_file_inside_a_rule_is_refused(string name)
    {
        var (providers, rules) = ShippedConfigFiles.Read(name);

        // The shipped files end every rule with its action: a line cut that leaves a rule
        // unfinished also leaves it without an action, and a rule without one is an error.
        var accepted = ShippedConfigFiles.LineBoundaries(rules)
            .Where(cut => EndsInsideARule(rules, cut))
            .Where(cut => ConfigLoader.Parse(providers, rules[..cut]).Succeeded)
            .Select(cut => Describe(rules, cut))
            .ToList();

        Assert.True(accepted.Count == 0, "these mid-rule cuts parse: " + string.Join(", ", accepted));
    }

    [Fact]
    public void Cutting_between_an_allow_and_a_later_deny_it_covers_reopens_the_path()
    {
        // Why the watcher must wait for a file to settle: deny overrides allow, but only if the
        // deny is in the file. Nothing in a prefix made of whole, valid rules can tell it apart
        // from a deliberate edit.
        var providers = Encoding.UTF8.GetBytes(TempConfigFolder.BaseProviders);
        var rules = Encoding.UTF8.GetBytes("""
            rules:
              - id: mail.all
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/{**rest}
                action: allow
              - id: mail.settings.deny
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/settings/{**rest}
                action: deny

            """);
        var whole = Load(providers, rules);
        var cut = ShippedConfigFiles.RuleBoundaries(rules).Last();

        var prefix = Load(providers, rules[..cut]);

        var widened = Widenings(whole, prefix, RuleProbes.From(whole.Rules)).ToList();
        Assert.Contains(widened, w => w.StartsWith("GET mail/gmail/v1/users/me/settings/x", StringComparison.Ordinal));
    }

    private static ConfigSnapshot Load(byte[] providers, byte[] rules)
    {
        var result = ConfigLoader.Parse(providers, rules);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot;
    }

    /// <summary>Probes the prefix lets further than the whole file does.</summary>
    private static IEnumerable<string> Widenings(ConfigSnapshot whole, ConfigSnapshot prefix, IReadOnlyList<RuleProbe> probes)
    {
        var wholeRules = RuleSet.Compile(whole.Rules);
        var prefixRules = RuleSet.Compile(prefix.Rules);
        foreach (var probe in probes)
        {
            var before = probe.Reach(whole, wholeRules);
            var after = probe.Reach(prefix, prefixRules);
            if (after > before)
            {
                yield return $"{probe}: reach {before} -> {after}";
            }
        }
    }

    /// <summary>True when the next line after the cut that is not blank or a comment continues a rule.</summary>
    private static bool EndsInsideARule(byte[] text, int cut)
    {
        var rest = Encoding.UTF8.GetString(text, cut, text.Length - cut).Split('\n').Select(l => l.Trim());
        var next = rest.FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        var before = Encoding.UTF8.GetString(text, 0, cut);
        return next is not null && !next.StartsWith("- ", StringComparison.Ordinal) && before.Contains("- id:", StringComparison.Ordinal);
    }

    private static string Describe(byte[] text, int cut)
    {
        var line = text.AsSpan(0, cut).Count((byte)'\n') + 1;
        return $"byte {cut} (line {line})";
    }
}
