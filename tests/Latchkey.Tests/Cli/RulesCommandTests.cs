using System.Text.Json;
using Latchkey.Cli;

namespace Latchkey.Tests.Cli;

public sealed class RulesCommandTests : IDisposable
{
    private const string Providers = """
        providers:
          mail:
            upstream: https://gmail.googleapis.com
        """;

    private const string Rules = """
        rules:
          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send]
            action: allow
          - id: mail.settings.deny
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("latchkey-cli-").FullName;

    public RulesCommandTests()
    {
        File.WriteAllText(Path.Combine(_dir, "providers.yaml"), Providers);
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), Rules);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lint_accepts_a_valid_folder()
    {
        var (code, output, _) = Run("rules", "lint", _dir);

        Assert.Equal(RulesCommand.Success, code);
        Assert.Contains("ok: 1 providers, 2 rules", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_refuses_an_invalid_folder_naming_file_line_and_key()
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), Rules.Replace("provider: mail\n    methods: [POST]", "provider: nosuch\n    methods: [POST]", StringComparison.Ordinal));

        var (code, _, error) = Run("rules", "lint", _dir);

        Assert.Equal(RulesCommand.Refused, code);
        Assert.Contains("rules.yaml:3: rules[0].provider", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/gmail/v1/users/me/messages/send", "email.send", "allowed", "mail.send", RulesCommand.Success)]
    [InlineData("POST", "/gmail/v1/users/me/messages/send", "email.read", "insufficient_scope", "mail.send", RulesCommand.Refused)]
    [InlineData("GET", "/gmail/v1/users/me/settings/filters", "", "route_denied", "mail.settings.deny", RulesCommand.Refused)]
    [InlineData("GET", "/gmail/v1/users/me/%2e%2e/settings", "", "ambiguous_path", null, RulesCommand.Refused)]
    public void Explain_prints_the_data_planes_decision(string method, string path, string scopes, string decision, string? rule, int exitCode)
    {
        var (code, output, _) = Run("rules", "explain", "mail", method, path, "--scopes", scopes, "--config", _dir);

        Assert.Equal(exitCode, code);
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal(decision, answer.GetProperty("decision").GetString());
        Assert.Equal(rule, answer.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("rules")]
    [InlineData("rules", "explain", "mail")]
    [InlineData("rules", "explain", "mail", "GET", "/x", "--bogus")]
    public void Bad_invocations_print_usage(params string[] args)
    {
        var (code, _, error) = Run(args);

        Assert.Equal(RulesCommand.UsageError, code);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RulesCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
