using System.Text;
using Latchkey.Config;
using Latchkey.Mcp.Remote;
using Latchkey.Rules;
using Latchkey.Tests.Config;

namespace Latchkey.Tests.Mcp.Remote;

/// <summary>rules.yaml for a kind: mcp provider: tool: and mcp_methods: rules, compiled at load with file:line errors, and judged per message.</summary>
public sealed class McpRuleParserTests
{
    private const string Providers = "providers:\n  remote:\n    kind: mcp\n    upstream: \"https://mcp.example.com/mcp\"\n  api:\n    upstream: \"https://api.example.com\"\n";

    [Theory]
    [InlineData("    tool: create_issue\n    methods: [POST]\n", "rules.yaml:5: rules[0].methods: is not used by rules of a kind: mcp provider")]
    [InlineData("    path: /x\n", "rules[0].tool: a rule of a kind: mcp provider needs exactly one of tool")]
    [InlineData("    tool: \"a/b\"\n", "rules[0].tool: must be \"*\" or a tool name")]
    [InlineData("    mcp_methods: [tools/call]\n", "rules[0].mcp_methods: 'tools/call' cannot be named here")]
    [InlineData("    tool: x\n    mcp_methods: [resources/read]\n", "needs exactly one of tool")]
    public void Bad_mcp_rules_stop_the_load_with_file_line_and_key(string body, string message)
    {
        var errors = LoadErrors("rules:\n  - id: r\n    provider: remote\n" + body + "    action: allow\n");

        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_rules_are_only_for_kind_mcp_providers()
    {
        var errors = LoadErrors("rules:\n  - id: r\n    provider: api\n    methods: [GET]\n    path: /x\n    tool: x\n    action: allow\n");

        Assert.Contains("rules[0].tool: is only for rules of a provider with kind: mcp", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_mcp_provider_takes_no_errors_envelope()
    {
        using var folder = new TempConfigFolder("providers:\n  remote:\n    kind: mcp\n    upstream: \"https://mcp.example.com/mcp\"\n    errors: github\n", "rules: []\n");

        Assert.Contains("providers.remote.errors: is not used by a kind: mcp provider", string.Join("\n", ConfigLoader.Load(folder.Path).Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create_issue", true, "r.allow")]
    [InlineData("Create_Issue", false, null)]
    [InlineData("DELETE_repo", false, "r.deny")]
    [InlineData("other", true, "r.any")]
    public void Deny_matches_any_case_allow_only_the_exact_name(string tool, bool passes, string? rule)
    {
        using var folder = new TempConfigFolder(Providers, """
            rules:
              - id: r.deny
                provider: remote
                tool: delete_repo
                action: deny
              - id: r.allow
                provider: remote
                tool: create_issue
                action: allow
              - id: r.any
                provider: remote
                tool: "*"
                scopes: [wide]
                action: allow
            """);
        var result = ConfigLoader.Load(folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var rules = Latchkey.Rules.RuleSet.Compile(result.Snapshot.Rules);
        using var body = Latchkey.Rules.Conditions.StrictJsonBody.Read(
            Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\"}}"), "application/json", default);
        var message = McpMessage.Read(body.Root, out _)!;
        var scopes = tool == "other" ? new HashSet<string> { "wide" } : new HashSet<string>();

        var verdict = McpMessageJudge.Judge(message, rules, "remote", body, scopes)!.Value;

        Assert.Equal(passes, verdict.PassesRules);
        Assert.Equal(rule, verdict.RuleId);
    }

    [Theory]
    [InlineData("""
          - id: r.deny-secret
            provider: remote
            tool: create_issue
            when: [{ body: /params/arguments/title, matches: '.*secret.*' }]
            action: deny
        """, false)]
    [InlineData("""
          - id: r.narrow
            provider: remote
            tool: create_issue
            scopes: [issues.admin]
            when: [{ body: /params/arguments/title, max_length: 10 }]
            action: allow
          - id: r.plain
            provider: remote
            tool: create_issue
            action: allow
        """, true)]
    [InlineData("""
          - id: r.plain
            provider: remote
            tool: create_issue
            action: allow
          - id: r.deny-secret
            provider: remote
            tool: create_issue
            when: [{ body: /params/arguments/title, matches: '.*secret.*' }]
            action: deny
        """, true)]
    [InlineData("""
          - id: r.plain
            provider: remote
            tool: "*"
            action: allow
          - id: r.deny
            provider: remote
            tool: CREATE_ISSUE
            action: deny
        """, false)]
    public void Tools_list_shows_a_tool_some_rule_could_allow_whatever_order_its_conditional_rules_stand_in(string rules, bool listed)
    {
        using var folder = new TempConfigFolder(Providers, "rules:\n" + rules);
        var result = ConfigLoader.Load(folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));

        Assert.Equal(listed, McpMessageJudge.IsVisible(Latchkey.Rules.RuleSet.Compile(result.Snapshot.Rules), "remote", "create_issue", new HashSet<string>()));
    }

    private static string LoadErrors(string rules)
    {
        using var folder = new TempConfigFolder(Providers, rules);
        var result = ConfigLoader.Load(folder.Path);
        Assert.False(result.Succeeded);
        return string.Join("\n", result.Errors);
    }
}
