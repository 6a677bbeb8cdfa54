using Latchkey.Rules;

namespace Latchkey.Tests.Rules;

public sealed class RuleLinterTests
{
    [Fact]
    public void Allow_rule_overlapping_a_deny_rule_is_reported()
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("repo.read", "github", ["GET", "POST"], "/repos/{owner}/{repo}/{**rest}", RuleAction.Allow),
            Rule("repo.hooks.deny", "github", ["GET"], "/repos/{owner}/{repo}/hooks/{**rest}", RuleAction.Deny),
        ]);

        var warning = Assert.Single(warnings, w => w.Message.Contains("overlaps", StringComparison.Ordinal));
        Assert.Equal("rules[0].path", warning.Key);
        Assert.Contains("deny rule 'repo.hooks.deny'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("GET", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("POST", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_rule_overlapping_an_approve_rule_is_reported()
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("issues.read", "github", ["GET", "POST"], "/repos/{owner}/{repo}/issues/{**rest}", RuleAction.Allow),
            Rule("issues.create", "github", ["POST"], "/repos/{owner}/{repo}/issues", RuleAction.Approve),
        ]);

        var warning = Assert.Single(warnings);
        Assert.Equal("rules[0].path", warning.Key);
        Assert.Contains("approve rule 'issues.create'", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github", "GET", "/repos/{owner}/{repo}/hooks/{**rest}")] // other provider
    [InlineData("mail", "PUT", "/repos/{owner}/{repo}/issues/{**rest}")] // no shared method
    [InlineData("mail", "GET", "/repos/{owner}/{repo}/hooks/{**rest}")] // different literal
    [InlineData("mail", "GET", "/repos/{owner}/{repo}/issues")] // one segment too few
    [InlineData("mail", "GET", "/repos/{owner}/{repo}/issues/{id}/{sub}/x")] // one segment too many
    [InlineData("mail", "GET", "/repos/{owner}/{repo}/issue.{x}/{id}/{sub}")] // complex segment vs a literal it cannot match
    public void Rules_that_cannot_match_the_same_request_are_not_reported(string provider, string method, string denyPath)
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("allow", "mail", ["GET", "POST"], "/repos/{owner}/{repo}/issues/{id}/{sub}", RuleAction.Allow),
            Rule("deny", provider, [method], denyPath, RuleAction.Deny),
        ]);

        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("/repos/{owner}/{repo}/settings/{**rest}", true)]
    [InlineData("/repos/{owner}/{repo}/settings", true)]
    [InlineData("/repos/{owner}/{repo}/settings.{ext?}/{**rest}", false)]
    [InlineData("/repos/{owner}/{repo}/settings.{ext?}", false)]
    public void Deny_rule_that_misses_the_segment_with_an_extension_is_reported(string denyPath, bool reported)
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("repo.read", "github", ["GET"], "/repos/{owner}/{repo}/{**rest}", RuleAction.Allow),
            Rule("repo.settings.deny", "github", ["GET"], denyPath, RuleAction.Deny),
        ]);

        var suffix = warnings.Where(w => w.Message.Contains("settings.json", StringComparison.Ordinal)).ToList();
        if (!reported)
        {
            Assert.Empty(suffix);
            return;
        }

        var warning = Assert.Single(suffix);
        Assert.Equal("rules[1].path", warning.Key);
        Assert.Contains("'settings.{ext?}'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'repo.read'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_rule_that_misses_the_segment_with_an_extension_is_reported()
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("issues.any", "github", ["POST"], "/repos/{owner}/{repo}/{name}", RuleAction.Allow),
            Rule("issues.create", "github", ["POST"], "/repos/{owner}/{repo}/issues", RuleAction.Approve),
        ]);

        Assert.Single(warnings, w => w.Key == "rules[1].path" && w.Message.Contains("'issues.{ext?}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Extension_warning_needs_an_allow_rule_that_could_forward_the_extension()
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("mail.read", "mail", ["GET"], "/gmail/v1/users/me/messages/{**rest}", RuleAction.Allow),
            Rule("mail.settings.deny", "mail", ["GET"], "/gmail/v1/users/me/settings/{**rest}", RuleAction.Deny),
        ]);

        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("/repos/{owner}/a b", "Whitespace")]
    [InlineData("/repos/{owner}/admin\u202Egpj", "Control")]
    [InlineData("/repos/{owner}/\uFF53ettings", "lookalike")]
    [InlineData("/repos/{owner}/settings.", "end in '.'")]
    [InlineData("/repos/{owner}/a;b", "';'")]
    [InlineData("/repos/{owner}/a%2Fb", "'%'")]
    public void Rule_the_canonicalizer_can_never_let_through_is_reported(string path, string reason)
    {
        var warnings = RuleLinter.Lint([Rule("odd", "github", ["GET"], path, RuleAction.Deny)]);

        var warning = Assert.Single(warnings);
        Assert.Equal("rules[0].path", warning.Key);
        Assert.Contains("can never match", warning.Message, StringComparison.Ordinal);
        Assert.Contains(reason, warning.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/rep\u043Es/{**rest}", "U+043E")] // Cyrillic 'о': kept distinct, so this deny never covers "/repos"
    [InlineData("/files/caf\u00E9/{**rest}", "U+00E9")] // lint cannot tell an intended letter from a lookalike
    public void Rule_spelled_with_a_non_ascii_character_is_reported(string path, string codePoint)
    {
        var warnings = RuleLinter.Lint([Rule("non.ascii", "github", ["GET"], path, RuleAction.Deny)]);

        var warning = Assert.Single(warnings);
        Assert.Equal("rules[0].path", warning.Key);
        Assert.Contains(codePoint, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("can never match", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_allowlist_has_no_warnings()
    {
        var warnings = RuleLinter.Lint(
        [
            Rule("mail.send", "mail", ["POST"], "/gmail/v1/users/me/messages/send", RuleAction.Allow),
            Rule("mail.read", "mail", ["GET"], "/gmail/v1/users/me/messages/{**rest}", RuleAction.Allow),
            Rule("mail.settings.deny", "mail", ["GET", "POST"], "/gmail/v1/users/me/settings.{ext?}/{**rest}", RuleAction.Deny),
            Rule("mail.delete", "mail", ["DELETE"], "/gmail/v1/users/me/messages/{id}", RuleAction.Approve),
            Rule("google.batch", "gapi", ["POST"], "/v1/projects/{project}:batchGet", RuleAction.Allow),
            Rule("files", "gapi", ["GET"], "/files/{name}.{ext}", RuleAction.Allow),
        ]);

        Assert.Empty(warnings);
    }

    private static RuleDefinition Rule(string id, string provider, string[] methods, string path, RuleAction action) =>
        new() { Id = id, Provider = provider, Methods = methods, Path = path, Scopes = [], Action = action, Line = 3 };
}
