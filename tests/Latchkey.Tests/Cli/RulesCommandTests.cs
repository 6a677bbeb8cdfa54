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

    [Fact]
    public void Lint_warns_about_overlaps_missed_extensions_and_rules_that_never_match_but_succeeds()
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), """
            rules:
              - id: mail.all
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/{**rest}
                action: allow
              - id: mail.settings.deny
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/settings/{**rest}
                action: deny
              - id: mail.odd
                provider: mail
                methods: [POST]
                path: /gmail/v1/users/me/a b
                action: deny
            """);

        var (code, output, error) = Run("rules", "lint", _dir);

        Assert.Equal(RulesCommand.Success, code);
        Assert.Empty(error);
        var warnings = output.Split('\n').Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith("warning: rules.yaml:2: rules[0].path: ", StringComparison.Ordinal) && w.Contains("overlaps deny rule 'mail.settings.deny'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("warning: rules.yaml:7: rules[1].path: ", StringComparison.Ordinal) && w.Contains("'settings.{ext?}'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("warning: rules.yaml:12: rules[2].path: ", StringComparison.Ordinal) && w.Contains("can never match", StringComparison.Ordinal));
        Assert.Contains("ok: 1 providers, 3 rules", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/repos/acme/app/issues", "issues.read")]
    [InlineData("POST", "/repos/acme/app/issues", "issues.read,issues.write")]
    [InlineData("POST", "/repos/acme/app/issues/1/comments", "issues.read")]
    [InlineData("GET", "/repos/acme/app/settings.json", "issues.read")]
    [InlineData("GET", "/repos/acme/app/Settings.yaml/x", "issues.read")]
    [InlineData("GET", "/repos/acme/app/settingsjson", "issues.read")]
    public void Explain_agrees_with_the_rule_set_on_approve_precedence_and_extensions(string method, string path, string scopes)
    {
        const string rules = """
            rules:
              - id: issues.read
                provider: github
                methods: [GET, POST]
                path: /repos/{owner}/{repo}/issues/{**rest}
                scopes: [issues.read]
                action: allow
              - id: issues.create
                provider: github
                methods: [POST]
                path: /repos/{owner}/{repo}/issues
                scopes: [issues.write]
                action: approve
              - id: repo.read
                provider: github
                methods: [GET]
                path: /repos/{owner}/{repo}/{**rest}
                scopes: [issues.read]
                action: allow
              - id: repo.settings.deny
                provider: github
                methods: [GET]
                path: /repos/{owner}/{repo}/settings.{ext?}/{**rest}
                action: deny
            """;
        File.WriteAllText(Path.Combine(_dir, "providers.yaml"), "providers:\n  github:\n    upstream: https://api.github.com\n");
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), rules);
        var held = scopes.Split(',').ToHashSet(StringComparer.Ordinal);
        var expected = Latchkey.Rules.RuleSet.Compile(Latchkey.Config.ConfigLoader.Load(_dir).Snapshot!.Rules).Decide("github", method, path, held);

        var (code, output, _) = Run("rules", "explain", "github", method, path, "--scopes", scopes, "--config", _dir);

        var answer = JsonDocument.Parse(output).RootElement;
        var decision = answer.GetProperty("decision").GetString();
        Assert.Equal(expected.Rule?.Id, answer.GetProperty("rule").GetString());
        Assert.Equal(ExpectedCode(expected.Outcome), decision);
        Assert.Equal(decision == "allowed" ? RulesCommand.Success : RulesCommand.Refused, code);
        var contract = (method, path, scopes) switch
        {
            ("POST", "/repos/acme/app/issues", "issues.read") => "insufficient_scope",
            ("POST", "/repos/acme/app/issues", _) => "approval_required",
            (_, _, _) when path.Contains("ettings.", StringComparison.Ordinal) => "route_denied",
            _ => "allowed",
        };
        Assert.Equal(contract, decision);
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
    [InlineData("PROPFIND", "/gmail/v1/users/me/../settings", "ambiguous_path")]
    [InlineData("PROPFIND", "/gmail/v1/users/me/messages%2F1", "ambiguous_path")]
    [InlineData("PROPFIND", "/gmail/v1/users/me/messages", "method_not_allowed")]
    [InlineData("TRACE", "/gmail/v1/users/me/../settings", "method_not_allowed")]
    public void Explain_judges_the_target_before_the_method_as_the_data_plane_does(string method, string path, string decision)
    {
        // The data plane refuses TRACE and CONNECT first, then canonicalises, then refuses every
        // other method no rule can name: explain must answer in that order.
        var (code, output, _) = Run("rules", "explain", "mail", method, path, "--config", _dir);

        Assert.Equal(RulesCommand.Refused, code);
        Assert.Equal(decision, JsonDocument.Parse(output).RootElement.GetProperty("decision").GetString());
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

    [Fact]
    public void A_body_file_that_cannot_be_read_is_a_usage_error_on_one_line()
    {
        // Exists, but reading it fails whoever runs the test (root reads a chmod 000 file).
        const string unreadable = "/proc/self/mem";
        Assert.True(File.Exists(unreadable), "this test needs Linux /proc");

        var (code, _, error) = Run("rules", "explain", "mail", "POST", "/gmail/v1/users/me/messages/send", "--config", _dir, "--body", unreadable);

        Assert.Equal(RulesCommand.UsageError, code);
        Assert.Equal($"--body: cannot read '{unreadable}' (IOException)", error.Trim());
    }

    private static string ExpectedCode(Latchkey.Rules.RuleOutcome outcome) => outcome switch
    {
        Latchkey.Rules.RuleOutcome.Allowed => "allowed",
        Latchkey.Rules.RuleOutcome.ApprovalRequired => "approval_required",
        Latchkey.Rules.RuleOutcome.InsufficientScope => "insufficient_scope",
        _ => "route_denied",
    };

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RulesCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
