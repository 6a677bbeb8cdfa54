using Latchkey.Cli;

namespace Latchkey.Tests.Cli;

/// <summary><c>latchkey rules lint</c> on a rule that does not say what it does.</summary>
public sealed class RulesLintMissingActionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("latchkey-cli-").FullName;

    public RulesLintMissingActionTests()
    {
        File.WriteAllText(Path.Combine(_dir, "providers.yaml"), "providers:\n  mail:\n    upstream: https://gmail.googleapis.com\n");
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), """
            rules:
              - id: mail.settings.deny
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/settings/{**rest}
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lint_refuses_a_rule_without_action_naming_file_line_and_the_fix()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = RulesCommand.Run(["rules", "lint", _dir], output, error);

        Assert.Equal(RulesCommand.Refused, code);
        Assert.Contains("rules.yaml:2: rules[0].action: is required", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("action: deny", error.ToString(), StringComparison.Ordinal);
    }
}
