using Latchkey.Rules;
using Latchkey.Rules.Conditions;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// Judges one agent message to a remote MCP server with the rules of its <c>kind: mcp</c> provider,
/// through the same engine as every request (<see cref="RequestJudge.OfRules(RuleSet, string, string, in RequestFacts, IReadOnlySet{string}, ConditionTrace?)"/>):
/// a tool call is the pseudo-request <c>tools/call /{tool}</c>, an <c>mcp_methods:</c> method the
/// pseudo-request <c>{method} /</c>, and the rules' body conditions read the JSON-RPC message
/// (<c>/params/arguments/...</c>). Deny rules match a tool name in any case; an allow or approve
/// rule lets a call through only when it names the tool exactly (or is <c>tool: "*"</c>), so a
/// server that tells <c>Delete</c> from <c>delete</c> never runs a tool no rule named. Pure.
/// </summary>
internal static class McpMessageJudge
{
    /// <summary>Null when the message is protocol plumbing that passes without a rule (answers, initialize, ping, notifications, tools/list).</summary>
    public static RequestVerdict? Judge(
        McpMessage message, RuleSet rules, string provider, InspectedBody body, IReadOnlySet<string> scopes, ConditionTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(rules);
        if (message.Method is not { } method
            || method is McpMethods.Initialize or McpMethods.Ping or McpMethods.ToolsList
            || method.StartsWith(McpMethods.NotificationPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (method == McpMethods.ToolsCall)
        {
            return OfTool(rules, provider, message.Tool!, new RequestFacts(McpMethods.ToolPath(message.Tool!), string.Empty, null, body), scopes, trace);
        }

        // Any other method is refused unless an mcp_methods: rule names it; an unknown one never can.
        return McpMethods.Judged.Contains(method)
            ? RequestJudge.OfRules(rules, provider, method, new RequestFacts(McpMethods.MethodPath, string.Empty, null, body), scopes, trace)
            : RequestVerdict.Of(RuleDecision.NoMatch);
    }

    /// <summary>
    /// True when <c>tools/list</c> shows <paramref name="tool"/> to a session: some allow or approve
    /// rule that names the tool exactly (or is <c>tool: "*"</c>) and whose scopes the session holds
    /// matches it, and no deny rule without conditions does. Conditions on the arguments are
    /// judged at the call, so a rule with conditions counts as one that could match, wherever it
    /// stands in the file. Listing is not permission.
    /// </summary>
    public static bool IsVisible(RuleSet rules, string provider, string tool, IReadOnlySet<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!McpMethods.IsToolName(tool))
        {
            return false;
        }

        var granted = false;
        foreach (var rule in rules.WithPathMatching(provider, McpMethods.ToolsCall, McpMethods.ToolPath(tool)))
        {
            if (rule.Action == RuleAction.Deny)
            {
                if (rule.Conditions is null)
                {
                    return false;
                }

                continue;
            }

            granted |= Names(rule, tool) && rule.Scopes.All(scopes.Contains);
        }

        return granted;
    }

    private static bool Names(RuleDefinition rule, string tool) =>
        rule.Tool is not { } named || named == Rules.McpRuleParser.AnyTool || string.Equals(named, tool, StringComparison.Ordinal);

    private static RequestVerdict OfTool(RuleSet rules, string provider, string tool, in RequestFacts facts, IReadOnlySet<string> scopes, ConditionTrace? trace)
    {
        var verdict = RequestJudge.OfRules(rules, provider, McpMethods.ToolsCall, facts, scopes, trace);
        return verdict.PassesRules && !Names(verdict.Decision!.Rule!, tool)
            ? RequestVerdict.Of(RuleDecision.NoMatch)
            : verdict;
    }
}
