using Latchkey.Providers.Presets;
using Latchkey.Rules;
using Latchkey.Rules.Packs;
using Latchkey.Tests.Config;

namespace Latchkey.Tests.Rules.Packs;

/// <summary>The built-in packs: they load through the rules parser, name real presets, and the docs list every rule.</summary>
public sealed class RulePackCatalogTests
{
    public static TheoryData<string> Names { get; } = [.. RulePackCatalog.All.Keys];

    [Fact]
    public void The_promised_packs_are_built_in()
    {
        Assert.Equal(
            ["github.issues", "gmail.read_only", "gmail.send_only", "graph.mail_read", "graph.mail_send", "jira.create_issue", "jira.read", "slack.post_to_allowed_channels"],
            RulePackCatalog.All.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_pack_parses_names_a_preset_and_compiles(string name)
    {
        var pack = RulePackCatalog.All[name];

        Assert.Contains(pack.Preset, ProviderPresets.All.Keys);
        Assert.Equal([name], pack.Scopes);
        Assert.Equal(pack.RuleActions.Count, pack.Sample.Count);
        Assert.All(pack.Sample, rule => Assert.StartsWith($"pack:{name}/", rule.Id, StringComparison.Ordinal));
        Assert.Contains(pack.RuleActions, rule => rule.Action != RuleAction.Deny);
        _ = RuleSet.Compile(pack.Sample);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Docs_list_every_rule_of_every_pack(string name)
    {
        var docs = File.ReadAllText(Path.Combine(ShippedConfigFiles.RepositoryConfig, "..", "docs", "configuration.md"));

        foreach (var rule in RulePackCatalog.All[name].Sample)
        {
            var row = $"| `{rule.Id}` | {string.Join(", ", rule.Methods)} `{rule.Path}` | {rule.Action.ToString().ToLowerInvariant()} |";
            Assert.True(docs.Contains(row, StringComparison.Ordinal), $"docs/configuration.md lacks the row: {row}");
        }
    }

    [Fact]
    public void A_pack_with_an_undeclared_parameter_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RulePackCatalog.Read("""
            pack: test.bad
            preset: slack
            description: uses a parameter it does not declare
            scopes: []
            rules:
              - id: post
                methods: [POST]
                path: /api/chat.postMessage
                when:
                  - body: /channel
                    in: ${channels}
                action: allow
            """));

        Assert.Contains("every ${name} declared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pack_rule_naming_its_own_provider_or_credential_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RulePackCatalog.Read("""
            pack: test.bad
            preset: github
            description: names a provider
            scopes: []
            rules:
              - id: read
                provider: github
                methods: [GET]
                path: /user
                credential: agent
                action: allow
            """));

        Assert.Contains("rules.provider: unknown key", error.Message, StringComparison.Ordinal);
        Assert.Contains("rules.credential: unknown key", error.Message, StringComparison.Ordinal);
    }
}
