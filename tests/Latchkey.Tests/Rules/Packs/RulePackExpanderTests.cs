using Latchkey.Rules;

namespace Latchkey.Tests.Rules.Packs;

/// <summary>rules.yaml's <c>include:</c>: what it expands to, and every way an include is refused at load with file, line and key.</summary>
public sealed class RulePackExpanderTests
{
    /// <summary>A bad include and the <c>rules.yaml:line: key: message</c> it must produce.</summary>
    public static TheoryData<string, string, string> Invalid { get; } = new()
    {
        { "unknown pack", "include:\n  - pack: gmail.everything\n    provider: mail\n", "rules.yaml:2: include[0].pack: unknown rule pack 'gmail.everything'" },
        { "no pack", "include:\n  - provider: mail\n", "rules.yaml:2: include[0].pack: is required" },
        { "no provider", "include:\n  - pack: gmail.read_only\n", "rules.yaml:2: include[0].provider: is required" },
        { "unknown provider", "include:\n  - pack: gmail.read_only\n    provider: gmail\n", "rules.yaml:3: include[0].provider: unknown provider 'gmail' (not in providers.yaml)" },
        { "provider of another preset", "include:\n  - pack: gmail.read_only\n    provider: slack\n", "rules.yaml:3: include[0].provider: pack 'gmail.read_only' is written for the google API: provider 'slack' must be an HTTP provider with preset: google (it has preset: slack)" },
        { "provider without preset", "include:\n  - pack: gmail.read_only\n    provider: plain\n", "rules.yaml:3: include[0].provider: pack 'gmail.read_only' is written for the google API: provider 'plain' must be an HTTP provider with preset: google (it has no preset)" },
        { "loosening approve to allow", "include:\n  - pack: gmail.send_only\n    provider: mail\n    action: allow\n", "rules.yaml:4: include[0].action: would loosen pack rule 'send-message' (approve): an include may only make rules stricter" },
        { "unknown action", "include:\n  - pack: gmail.read_only\n    provider: mail\n    action: permit\n", "rules.yaml:4: include[0].action: 'permit' is not valid" },
        { "exclude of an unknown id", "include:\n  - pack: gmail.read_only\n    provider: mail\n    exclude: [get-profile, delete-message]\n", "rules.yaml:4: include[0].exclude: pack 'gmail.read_only' has no rule 'delete-message'" },
        { "exclude of a deny guard", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n    params: { channels: [C0123ABCD] }\n    exclude: [no-broadcast]\n", "rules.yaml:5: include[0].exclude: 'no-broadcast' is a deny rule of the pack: its guards cannot be left out" },
        { "exclude of every rule", "include:\n  - pack: graph.mail_send\n    provider: graph\n    exclude: [send-mail, create-draft, send-draft]\n", "rules.yaml:4: include[0].exclude: leaves out every rule that lets a request through" },
        { "missing parameter", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n", "rules.yaml:2: include[0].params.channels: is required by pack 'slack.post_to_allowed_channels'" },
        { "empty parameter", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n    params: { channels: [] }\n", "rules.yaml:4: include[0].params.channels: must list 1 to 256 values" },
        { "parameter not a list", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n    params: { channels: C0123ABCD }\n", "rules.yaml:4: include[0].params.channels: must list 1 to 256 values" },
        { "parameter value off pattern", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n    params:\n      channels: [C0123ABCD, '#general']\n", "rules.yaml:5: include[0].params.channels[1]: is not valid" },
        { "parameter value smuggling yaml", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n    params:\n      channels: ['C1\"]\\n  - id: x']\n", "rules.yaml:5: include[0].params.channels[0]: is not valid" },
        { "unknown parameter", "include:\n  - pack: slack.post_to_allowed_channels\n    provider: slack\n    params: { channels: [C0123ABCD], users: [U1] }\n", "include[0].params.users: pack 'slack.post_to_allowed_channels' has no parameter 'users'" },
        { "parameter for a pack without any", "include:\n  - pack: gmail.read_only\n    provider: mail\n    params: { channels: [C0123ABCD] }\n", "include[0].params.channels: pack 'gmail.read_only' takes no parameters" },
        { "unknown key", "include:\n  - pack: gmail.read_only\n    provider: mail\n    methods: [GET]\n", "rules.yaml:4: include[0].methods: unknown key" },
        { "bad scope", "include:\n  - pack: gmail.read_only\n    provider: mail\n    scopes: ['a b']\n", "rules.yaml:4: include[0].scopes[0]: 'a b' is not valid" },
        { "entry not a mapping", "include:\n  - gmail.read_only\n", "rules.yaml:2: include[0]: each entry must be a mapping" },
        { "included twice", "include:\n  - { pack: gmail.read_only, provider: mail }\n  - { pack: gmail.read_only, provider: mail }\n", "rules.yaml:3: include[1].pack: pack 'gmail.read_only' is already included for provider 'mail'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_include_is_refused_at_load_with_file_line_and_key(string name, string rules, string expected)
    {
        var (result, _) = PackRules.Load(rules);

        Assert.False(result.Succeeded, name);
        var errors = string.Join("\n", result.Errors);
        Assert.True(errors.Contains(expected, StringComparison.Ordinal), $"{name}: expected '{expected}' in:\n{errors}");
    }

    [Fact]
    public void An_include_expands_to_the_packs_rules_with_prefixed_ids_the_include_line_and_the_pack_scopes()
    {
        var (result, _) = PackRules.Load("mode: enforce\ninclude:\n  - pack: gmail.read_only\n    provider: mail\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var rules = result.Snapshot.Rules;
        Assert.Equal(Latchkey.Rules.Packs.RulePackCatalog.All["gmail.read_only"].RuleActions.Count, rules.Count);
        Assert.All(rules, rule =>
        {
            Assert.StartsWith("pack:gmail.read_only/", rule.Id, StringComparison.Ordinal);
            Assert.Equal("mail", rule.Provider);
            Assert.Equal(3, rule.Line);
            Assert.Equal("pack:gmail.read_only", rule.Origin);
            Assert.Equal(["gmail.read_only"], rule.Scopes);
            Assert.Equal(RuleAction.Allow, rule.Action);
        });
        Assert.Contains(rules, r => r.Id == "pack:gmail.read_only/list-messages" && r.Path == "/gmail/v1/users/me/messages" && r.Methods.SequenceEqual(["GET"]));
    }

    [Fact]
    public void Included_rules_follow_the_files_own_rules_so_lint_keys_keep_their_index()
    {
        var (result, _) = PackRules.Load("include:\n  - { pack: gmail.read_only, provider: mail }\nrules:\n  - id: local\n    provider: mail\n    methods: [GET]\n    path: /gmail/v1/users/me/settings/{**rest}\n    action: deny\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("local", result.Snapshot.Rules[0].Id);
        Assert.Equal("rules.yaml", result.Snapshot.Rules[0].Origin);
        Assert.All(result.Snapshot.Rules.Skip(1), rule => Assert.Equal("gmail.read_only", rule.Pack));
    }

    [Fact]
    public void Paths_are_made_relative_to_the_providers_upstream_base_path()
    {
        var (result, _) = PackRules.Load("""
            include:
              - { pack: gmail.read_only, provider: mailv1 }
              - pack: slack.post_to_allowed_channels
                provider: slack
                params: { channels: [C0123ABCD] }
              - { pack: jira.read, provider: jirasite }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var paths = result.Snapshot.Rules.ToDictionary(r => r.Provider + " " + r.Id, r => r.Path);
        Assert.Equal("/users/me/messages", paths["mailv1 pack:gmail.read_only/list-messages"]);
        Assert.Equal("/chat.postMessage", paths["slack pack:slack.post_to_allowed_channels/post-message"]);
        Assert.Equal("/rest/api/3/issue/{issueIdOrKey}", paths["jirasite pack:jira.read/get-issue"]);
    }

    [Fact]
    public void Scopes_action_and_exclude_narrow_the_pack_and_deny_guards_stay()
    {
        var (result, _) = PackRules.Load("""
            include:
              - pack: slack.post_to_allowed_channels
                provider: slack
                params: { channels: [C0123ABCD] }
                scopes: [chat.write]
                action: approve
                exclude: [list-conversations]
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var rules = result.Snapshot.Rules.ToDictionary(r => r.Id);
        Assert.Equal(3, rules.Count);
        Assert.DoesNotContain("pack:slack.post_to_allowed_channels/list-conversations", rules.Keys);
        Assert.Equal(RuleAction.Approve, rules["pack:slack.post_to_allowed_channels/post-message"].Action);
        Assert.Equal(["chat.write"], rules["pack:slack.post_to_allowed_channels/post-message"].Scopes);
        Assert.Equal(RuleAction.Deny, rules["pack:slack.post_to_allowed_channels/no-broadcast"].Action);
        Assert.Empty(rules["pack:slack.post_to_allowed_channels/no-broadcast"].Scopes);
    }

    [Fact]
    public void The_same_pack_may_be_included_for_two_providers()
    {
        var (result, _) = PackRules.Load("include:\n  - { pack: gmail.read_only, provider: mail }\n  - { pack: gmail.read_only, provider: mailv1 }\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Snapshot.Rules.Count(r => r.Id == "pack:gmail.read_only/get-profile"));
    }

    [Fact]
    public void A_file_with_neither_rules_nor_include_is_still_refused()
    {
        var (result, _) = PackRules.Load("mode: enforce\n");

        Assert.Contains(result.Errors, e => e.ToString().Contains("rules: is required (or an include: of rule packs)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pack_rule_that_does_not_fit_the_provider_is_an_error_at_the_include_line()
    {
        // The jira packs' {cloudId} may be filled by the base path; /ex/other is not /ex/jira.
        var providers = PackRules.Providers.Replace(
            "https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555", "https://api.atlassian.com/ex/other", StringComparison.Ordinal);
        var (result, _) = Conditions.ConditionRules.Load("rules: []\ninclude:\n  - { pack: jira.read, provider: jirasite }\n", providers);

        var error = Assert.Single(result.Errors.Where(e => e.Key == "include[0]").Take(1));
        Assert.Equal(3, error.Line);
        Assert.Contains("pack 'jira.read' rule 'get-issue' does not fit provider 'jirasite': path: '/ex/jira/{cloudId}/rest/api/3/issue/{issueIdOrKey}' is not under the upstream base path '/ex/other'", error.Message, StringComparison.Ordinal);
    }
}
