using Latchkey.Yaml;

namespace Latchkey.Rules;

/// <summary>
/// The advisory checks of <c>latchkey rules lint</c>, beyond validation: allow rules that overlap
/// a deny or approve rule, deny and approve rules that name a segment but not the segment with an
/// extension, and rule paths that never match what they spell. The rules still load.
/// </summary>
internal static class RuleLinter
{
    private const string RulesFile = "rules.yaml";

    /// <summary>Warnings for a valid, compiled rule list, in file order.</summary>
    public static IReadOnlyList<ConfigWarning> Lint(IReadOnlyList<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var templates = rules.Select(rule => PathTemplate.Parse(rule.Path)).ToArray();
        var findings = new List<(int Index, string Message)>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (RulePathSpelling.Check(templates[i]) is { } spelling)
            {
                findings.Add((i, spelling));
            }

            if (rules[i].Action == RuleAction.Allow)
            {
                findings.AddRange(Overlaps(rules, templates, i).Select(message => (i, message)));
            }
            else if (MissedExtension(rules, templates, i) is { } missed)
            {
                findings.Add((i, missed));
            }
        }

        return findings
            .OrderBy(f => f.Index)
            .Select(f => new ConfigWarning(RulesFile, rules[f.Index].Line, KeyPath(rules, f.Index), f.Message))
            .ToList();
    }

    private static IEnumerable<string> Overlaps(IReadOnlyList<RuleDefinition> rules, PathTemplate[] templates, int allowIndex)
    {
        var allow = rules[allowIndex];
        for (var j = 0; j < rules.Count; j++)
        {
            var other = rules[j];
            var methods = SharedMethods(allow, other);
            // A pack's own overlaps (an allow and the deny guarding it) are part of its review.
            if (other.Action == RuleAction.Allow || methods.Count == 0 || (allow.Pack is not null && allow.Pack == other.Pack)
                || !TemplateOverlap.CanOverlap(templates[allowIndex].Segments, templates[j].Segments))
            {
                continue;
            }

            var outcome = other.Action == RuleAction.Deny
                ? "denied"
                : "held for approval, or refused insufficient_scope when the session lacks that rule's scopes";
            yield return $"allow rule '{allow.Id}' overlaps {ActionName(other.Action)} rule '{other.Id}' ({string.Join(' ', methods)}): "
                + $"a request matching both is {outcome}, never forwarded by '{allow.Id}'";
        }
    }

    /// <summary>
    /// A deny or approve rule whose last literal segment is plain (<c>settings</c>) misses
    /// <c>settings.json</c>, which upstreams that read a format suffix treat as <c>settings</c>;
    /// reported when an allow rule could forward it.
    /// </summary>
    private static string? MissedExtension(IReadOnlyList<RuleDefinition> rules, PathTemplate[] templates, int index)
    {
        var segments = templates[index].Segments;
        var last = LastLiteralIndex(segments);
        if (last < 0 || segments[last] is not TemplateSegment.Literal literal)
        {
            return null;
        }

        var withExtension = segments.ToArray();
        withExtension[last] = new TemplateSegment.Complex([new ComplexPart(literal.Text + "."), new ComplexPart(null)]);
        var forwarders = Enumerable.Range(0, rules.Count)
            .Where(j => rules[j].Action == RuleAction.Allow && SharedMethods(rules[index], rules[j]).Count > 0
                && TemplateOverlap.CanOverlap(withExtension, templates[j].Segments))
            .Select(j => $"'{rules[j].Id}'")
            .ToList();
        return forwarders.Count == 0
            ? null
            : $"{ActionName(rules[index].Action)} rule matches the segment '{literal.Text}' but not '{literal.Text}.<ext>' "
                + $"such as '{literal.Text}.json', which allow rule {string.Join(", ", forwarders)} may forward; "
                + $"write '{literal.Text}.{{ext?}}' to cover both";
    }

    private static int LastLiteralIndex(IReadOnlyList<TemplateSegment> segments)
    {
        for (var k = segments.Count - 1; k >= 0; k--)
        {
            if (segments[k] is TemplateSegment.Literal or TemplateSegment.LiteralWithExtension)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>The rule's key: <c>rules[i].path</c> for a rule of the file (which come first), else the included rule's id.</summary>
    private static string KeyPath(IReadOnlyList<RuleDefinition> rules, int index) =>
        rules[index].Pack is null ? $"rules[{index}].path" : $"include ({rules[index].Id}).path";

    private static List<string> SharedMethods(RuleDefinition a, RuleDefinition b) =>
        a.Provider == b.Provider ? a.Methods.Intersect(b.Methods, StringComparer.Ordinal).ToList() : [];

    private static string ActionName(RuleAction action) => action == RuleAction.Deny ? "deny" : "approve";
}
