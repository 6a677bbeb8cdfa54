using Latchkey.Cli;
using Latchkey.Rules.Packs;

namespace Latchkey.Tests.Cli;

/// <summary><c>latchkey rules packs</c> and what <c>latchkey rules lint</c> shows of included packs.</summary>
public sealed class RulesPacksCommandTests : IDisposable
{
    private const string Providers = """
        providers:
          slack:
            preset: slack
            upstream: https://slack.com/api
          github:
            preset: github
            upstream: https://api.github.com
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("latchkey-cli-packs-").FullName;

    public RulesPacksCommandTests() => File.WriteAllText(Path.Combine(_dir, "providers.yaml"), Providers);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Packs_lists_every_pack_with_every_rule()
    {
        var (code, output) = Run("rules", "packs");

        Assert.Equal(RulesCommand.Success, code);
        foreach (var pack in RulePackCatalog.All.Values)
        {
            Assert.Contains($"{pack.Name} (preset: {pack.Preset};", output, StringComparison.Ordinal);
            Assert.All(pack.Sample, rule => Assert.Contains($"  {rule.Id}: {string.Join(',', rule.Methods)} {rule.Path} -> ", output, StringComparison.Ordinal));
        }

        Assert.Contains("params.channels (required)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_lists_the_included_rules_and_warns_only_about_overlaps_across_pack_and_file()
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), """
            rules:
              - id: issues.own-repo.deny
                provider: github
                methods: [GET]
                path: /repos/acme/secret/issues
                action: deny
            include:
              - { pack: slack.post_to_allowed_channels, provider: slack, params: { channels: [C0123ENG] } }
              - { pack: github.issues, provider: github, exclude: [create-issue, update-issue, create-comment, update-comment, add-labels] }
            """);

        var (code, output) = Run("rules", "lint", _dir);

        Assert.Equal(RulesCommand.Success, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("included: rules.yaml:8: slack pack:slack.post_to_allowed_channels/post-message: POST /chat.postMessage -> allow [scopes: slack.post_to_allowed_channels] when body /channel in [C0123ENG] and query channel is absent", lines);
        Assert.Contains(lines, l => l.StartsWith("included: rules.yaml:9: github pack:github.issues/list-issues: GET /repos/{owner}/{repo}/issues -> allow", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("pack:github.issues/create-issue", StringComparison.Ordinal));
        var warning = Assert.Single(lines, l => l.StartsWith("warning: ", StringComparison.Ordinal));
        Assert.StartsWith("warning: rules.yaml:9: include (pack:github.issues/list-issues).path: allow rule 'pack:github.issues/list-issues' overlaps deny rule 'issues.own-repo.deny'", warning, StringComparison.Ordinal);
        Assert.Contains("ok: 2 providers, 10 rules", output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RulesCommand.Run(args, output, error);
        Assert.Equal(string.Empty, error.ToString());
        return (code, output.ToString());
    }
}
