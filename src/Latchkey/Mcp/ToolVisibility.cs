using Latchkey.Config;
using Latchkey.DataPlane;
using Latchkey.Rules;

namespace Latchkey.Mcp;

/// <summary>
/// Which tools <c>tools/list</c> shows a session: those whose request the rules could allow or
/// hold for approval with the session's scopes. A tool is shown when some <c>allow</c> or
/// <c>approve</c> rule of its provider and method, whose scopes the session holds, can match a
/// path the tool can produce, and no unconditional <c>deny</c> rule matches every path it can
/// produce (a deny rule with conditions refuses only some calls, judged at the call). The
/// call itself is judged again by the data plane with the real path, so showing is never
/// permission (rules.yaml stays the one allowlist); in shadow mode every tool is shown, as every
/// request is forwarded.
/// </summary>
internal static class ToolVisibility
{
    public static bool IsVisible(ToolDefinition tool, ConfigSnapshot config, IReadOnlySet<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(scopes);
        if (!config.Providers.ContainsKey(tool.Provider))
        {
            return false;
        }

        if (config.RulesMode == RulesMode.Shadow)
        {
            return true;
        }

        // Tool paths are literal segments and whole '{argument}' segments: a valid route template.
        var toolSegments = PathTemplate.Parse(tool.Path).Segments;
        var granted = false;
        foreach (var rule in config.Rules)
        {
            if (rule.Provider != tool.Provider || !rule.Methods.Contains(tool.Method))
            {
                continue;
            }

            var ruleSegments = PathTemplate.Parse(rule.Path).Segments;
            if (rule.Action == RuleAction.Deny)
            {
                if (rule.Conditions is null && Covers(ruleSegments, toolSegments))
                {
                    return false;
                }

                continue;
            }

            granted |= rule.Scopes.All(scopes.Contains) && TemplateOverlap.CanOverlap(ruleSegments, toolSegments);
        }

        return granted;
    }

    /// <summary>Whether <paramref name="rule"/> matches every path <paramref name="tool"/> can produce.</summary>
    private static bool Covers(IReadOnlyList<TemplateSegment> rule, IReadOnlyList<TemplateSegment> tool)
    {
        for (var i = 0; i < tool.Count; i++)
        {
            if (i < rule.Count && rule[i] is TemplateSegment.CatchAll)
            {
                return true;
            }

            var covered = i < rule.Count && tool[i] switch
            {
                TemplateSegment.Literal literal => PathTemplate.MatchesSegment(rule[i], literal.Text),
                TemplateSegment.Parameter => rule[i] is TemplateSegment.Parameter,
                _ => false,
            };
            if (!covered)
            {
                return false;
            }
        }

        return rule.Count == tool.Count
            || (rule.Count == tool.Count + 1 && rule[^1] is TemplateSegment.CatchAll or TemplateSegment.Parameter { IsOptional: true });
    }
}
