using Latchkey.DataPlane;
using Latchkey.Mcp;
using Latchkey.Rules;

namespace Latchkey.Tests.Mcp;

/// <summary>tools/list shows a tool when some rule the session's scopes hold could grant its request and no deny rule covers all of it.</summary>
public sealed class ToolVisibilityTests
{
    private const string Tools = """
        tools:
          - name: list_issues
            description: List.
            provider: github
            method: GET
            path: /repos/{owner}/{repo}/issues
            input_schema:
              type: object
              properties: { owner: { type: string }, repo: { type: string } }
              required: [owner, repo]
        """;

    public static TheoryData<string, string[], bool> Cases() => new()
    {
        { Rule("allow", "/repos/{owner}/{repo}/issues", "[read]"), ["read"], true },
        { Rule("allow", "/repos/{owner}/{repo}/issues", "[read]"), [], false },
        { Rule("approve", "/repos/{owner}/{repo}/issues", "[read]"), ["read"], true },
        { Rule("allow", "/repos/acme/{repo}/issues", "[]"), [], true },
        { Rule("allow", "/repos/{**rest}", "[]"), [], true },
        { Rule("allow", "/repos/{owner}/{repo}/pulls", "[]"), [], false },
        { Rule("allow", "/repos/{**rest}", "[]") + Rule("deny", "/repos/{owner}/{repo}/issues", "[]", "d"), [], false },
        { Rule("allow", "/repos/{**rest}", "[]") + Rule("deny", "/{**rest}", "[]", "d"), [], false },
        { Rule("allow", "/repos/{**rest}", "[]") + Rule("deny", "/repos/secret/{repo}/issues", "[]", "d"), [], true },
        // A deny rule with conditions refuses only the calls it matches: the tool stays listed.
        { Rule("allow", "/repos/{**rest}", "[]") + Rule("deny", "/repos/{owner}/{repo}/issues", "[]", "d", "[{ query: state, equals: closed }]"), [], true },
        { Rule("allow", "/repos/{**rest}", "[]") + Rule("deny", "/{**rest}", "[]", "d", "[{ header: x-debug, exists: true }]"), [], true },
        { "rules: []\n", [], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tool_is_listed_exactly_when_the_rules_could_grant_it(string rules, string[] scopes, bool visible)
    {
        var snapshot = TestTools.Load(Tools, rules.StartsWith("rules:", StringComparison.Ordinal) ? rules : "rules:\n" + rules);
        Assert.Equal(visible, ToolVisibility.IsVisible(Assert.Single(snapshot.Tools), snapshot, scopes.ToHashSet()));
    }

    [Fact]
    public void Shadow_mode_lists_every_tool()
    {
        var snapshot = TestTools.Load(Tools, "mode: shadow\nrules: []\n");

        Assert.True(ToolVisibility.IsVisible(Assert.Single(snapshot.Tools), snapshot, new HashSet<string>()));
    }

    private static string Rule(string action, string path, string scopes, string id = "r", string? when = null) =>
        $"  - {{ id: {id}, provider: github, methods: [GET], path: \"{path}\", scopes: {scopes}, action: {action}{(when is null ? "" : ", when: " + when)} }}\n";
}
