using Latchkey.Rules;

namespace Latchkey.Tests.Rules;

public sealed class RuleSetTests
{
    private static readonly RuleDefinition[] Rules =
    [
        Rule("mail.send", "mail", ["POST"], "/gmail/v1/users/me/messages/send", ["email.send"]),
        Rule("mail.read", "mail", ["GET", "HEAD"], "/gmail/v1/users/me/messages/{**rest}", ["email.read"]),
        Rule("mail.settings.deny", "mail", ["GET", "POST", "DELETE"], "/gmail/v1/users/me/settings/{**rest}", [], RuleAction.Deny),
        Rule("mail.delete", "mail", ["DELETE"], "/gmail/v1/users/me/messages/{id}", ["email.delete"], RuleAction.Approve),
        Rule("mail.delete.direct", "mail", ["DELETE"], "/gmail/v1/users/me/messages/{id}", ["email.delete"]),
        Rule("gh.issues", "github", ["GET", "POST"], "/repos/{owner}/{repo}/issues/{**rest}", ["gh.issues"]),
        Rule("gh.hooks.deny", "github", ["GET", "POST"], "/repos/{owner}/{repo}/hooks/{**rest}", [], RuleAction.Deny),
        Rule("gh.repo", "github", ["GET"], "/repos/{owner}/{repo}", ["gh.read"]),
        Rule("google.batch", "gapi", ["POST"], "/v1/projects/{project}:batchGet", ["g.read"]),
        Rule("google.file", "gapi", ["GET"], "/files/{name}.{ext}", ["g.read"]),
        Rule("opt", "gapi", ["GET"], "/items/{id?}", ["g.read"]),
        Rule("root", "gapi", ["GET"], "/", ["g.read"]),
    ];

    private static readonly RuleSet Set = RuleSet.Compile(Rules);

    [Theory]
    [InlineData("mail", "POST", "/gmail/v1/users/me/messages/send", "email.send", RuleOutcome.Allowed, "mail.send")]
    [InlineData("mail", "POST", "/gmail/v1/users/me/messages/send", "email.read", RuleOutcome.InsufficientScope, "mail.send")]
    [InlineData("mail", "GET", "/gmail/v1/users/me/messages/send", "email.send", RuleOutcome.InsufficientScope, "mail.read")]
    [InlineData("mail", "PUT", "/gmail/v1/users/me/messages/send", "email.send", RuleOutcome.NoMatchingRule, null)]
    [InlineData("mail", "GET", "/gmail/v1/users/me/settings/filters", "email.read", RuleOutcome.Denied, "mail.settings.deny")]
    [InlineData("mail", "GET", "/gmail/v1/users/me/SETTINGS/filters", "email.read", RuleOutcome.Denied, "mail.settings.deny")]
    [InlineData("mail", "GET", "/gmail/v1/users/me/settings", "email.read", RuleOutcome.Denied, "mail.settings.deny")]
    [InlineData("mail", "GET", "/gmail/v1/users/me/messages", "email.read", RuleOutcome.Allowed, "mail.read")]
    [InlineData("mail", "GET", "/gmail/v1/users/me/messages/", "email.read", RuleOutcome.Allowed, "mail.read")]
    [InlineData("mail", "GET", "/gmail/v1/users/me/messages/a/b/c", "email.read", RuleOutcome.Allowed, "mail.read")]
    [InlineData("mail", "HEAD", "/gmail/v1/users/me/messages/1", "email.read", RuleOutcome.Allowed, "mail.read")]
    [InlineData("mail", "DELETE", "/gmail/v1/users/me/messages/1", "email.delete", RuleOutcome.ApprovalRequired, "mail.delete")]
    [InlineData("mail", "DELETE", "/gmail/v1/users/me/messages/1/2", "email.delete", RuleOutcome.NoMatchingRule, null)]
    [InlineData("mail", "DELETE", "/gmail/v1/users/me/messages/1", "", RuleOutcome.InsufficientScope, "mail.delete")]
    [InlineData("github", "GET", "/repos/acme/app/issues/1", "gh.issues", RuleOutcome.Allowed, "gh.issues")]
    [InlineData("github", "GET", "/repos/acme/app/hooks/1", "gh.issues gh.read", RuleOutcome.Denied, "gh.hooks.deny")]
    [InlineData("github", "GET", "/repos/acme/app/hooks", "gh.issues", RuleOutcome.Denied, "gh.hooks.deny")]
    [InlineData("github", "GET", "/repos/acme/app", "gh.read", RuleOutcome.Allowed, "gh.repo")]
    [InlineData("github", "GET", "/repos/acme/app/", "gh.read", RuleOutcome.Allowed, "gh.repo")]
    [InlineData("github", "GET", "/repos/acme", "gh.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("github", "GET", "/repos/acme/app/x", "gh.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("mail", "GET", "/repos/acme/app", "gh.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "POST", "/v1/projects/p1:batchGet", "g.read", RuleOutcome.Allowed, "google.batch")]
    [InlineData("gapi", "POST", "/v1/projects/p1:batchget", "g.read", RuleOutcome.Allowed, "google.batch")]
    [InlineData("gapi", "POST", "/v1/projects/:batchGet", "g.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "POST", "/v1/projects/p1:batchGetX", "g.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "GET", "/files/report.final.pdf", "g.read", RuleOutcome.Allowed, "google.file")]
    [InlineData("gapi", "GET", "/files/report", "g.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "GET", "/files/.pdf", "g.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "GET", "/items", "g.read", RuleOutcome.Allowed, "opt")]
    [InlineData("gapi", "GET", "/items/7", "g.read", RuleOutcome.Allowed, "opt")]
    [InlineData("gapi", "GET", "/items/7/8", "g.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "GET", "/", "g.read", RuleOutcome.Allowed, "root")]
    [InlineData("gapi", "get", "/", "g.read", RuleOutcome.NoMatchingRule, null)]
    [InlineData("gapi", "TRACE", "/", "g.read", RuleOutcome.NoMatchingRule, null)]
    public void Decision_follows_the_contract(string provider, string method, string path, string scopes, RuleOutcome outcome, string? ruleId)
    {
        var held = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

        var decision = Set.Decide(provider, method, path, held);

        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(ruleId, decision.Rule?.Id);
    }

    [Fact]
    public void Insufficient_scope_names_only_the_missing_scopes()
    {
        var set = RuleSet.Compile([Rule("two", "p", ["GET"], "/x", ["a", "b", "c"])]);

        var decision = set.Decide("p", "GET", "/x", new HashSet<string>(StringComparer.Ordinal) { "b" });

        Assert.Equal(RuleOutcome.InsufficientScope, decision.Outcome);
        Assert.Equal(["a", "c"], decision.RequiredScopes);
    }

    [Fact]
    public void Deny_overrides_a_matching_allow_rule_listed_first()
    {
        var set = RuleSet.Compile(
        [
            Rule("allow.all", "p", ["GET"], "/{**rest}", []),
            Rule("deny.admin", "p", ["GET"], "/admin/{**rest}", [], RuleAction.Deny),
        ]);

        Assert.Equal(RuleOutcome.Denied, set.Decide("p", "GET", "/admin/users", Empty).Outcome);
        Assert.Equal(RuleOutcome.Allowed, set.Decide("p", "GET", "/public", Empty).Outcome);
    }

    [Theory]
    [InlineData("issues.read", RuleOutcome.InsufficientScope, "issues.create")]
    [InlineData("issues.read issues.write", RuleOutcome.ApprovalRequired, "issues.create")]
    [InlineData("issues.write", RuleOutcome.ApprovalRequired, "issues.create")]
    [InlineData("", RuleOutcome.InsufficientScope, "issues.create")]
    public void Approve_rule_is_never_bypassed_by_an_allow_rule_matching_the_same_request(string scopes, RuleOutcome outcome, string ruleId)
    {
        // issues/{**rest} also matches "issues" (an empty remainder): a session holding fewer
        // scopes must not be forwarded where a session holding more would be held for a human.
        RuleDefinition allow = Rule("issues.read", "github", ["GET", "POST"], "/repos/{owner}/{repo}/issues/{**rest}", ["issues.read"]);
        RuleDefinition approve = Rule("issues.create", "github", ["POST"], "/repos/{owner}/{repo}/issues", ["issues.write"], RuleAction.Approve);
        var held = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

        foreach (var set in new[] { RuleSet.Compile([allow, approve]), RuleSet.Compile([approve, allow]) })
        {
            var decision = set.Decide("github", "POST", "/repos/acme/app/issues", held);

            Assert.Equal(outcome, decision.Outcome);
            Assert.Equal(ruleId, decision.Rule?.Id);
            string[] missing = outcome == RuleOutcome.InsufficientScope ? ["issues.write"] : [];
            Assert.Equal(missing, decision.RequiredScopes);
            Assert.Equal(RuleOutcome.Allowed, set.Decide("github", "POST", "/repos/acme/app/issues/1/comments", held.Append("issues.read").ToHashSet()).Outcome);
        }
    }

    [Fact]
    public void Held_approve_rule_wins_over_an_approve_rule_whose_scopes_are_missing()
    {
        var set = RuleSet.Compile(
        [
            Rule("approve.admin", "p", ["POST"], "/x/{**rest}", ["admin"], RuleAction.Approve),
            Rule("approve.user", "p", ["POST"], "/x/{id}", ["user"], RuleAction.Approve),
            Rule("allow.user", "p", ["POST"], "/x/{id}", ["user"]),
        ]);

        var decision = set.Decide("p", "POST", "/x/1", new HashSet<string>(StringComparer.Ordinal) { "user" });

        Assert.Equal(RuleOutcome.ApprovalRequired, decision.Outcome);
        Assert.Equal("approve.user", decision.Rule?.Id);
    }

    [Theory]
    [InlineData("/repos/acme/app/settings", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/settings/", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/settings/hooks", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/settings.json", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/SETTINGS.JSON", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/settings.tar.gz", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/settings.json/hooks", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/settingsjson", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/settings-json", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/my.settings", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/issues.json", RuleOutcome.Allowed)]
    public void Optional_extension_on_a_literal_covers_the_segment_with_any_extension(string path, RuleOutcome outcome)
    {
        var set = RuleSet.Compile(
        [
            Rule("repo.read", "github", ["GET"], "/repos/{owner}/{repo}/{**rest}", []),
            Rule("repo.settings.deny", "github", ["GET"], "/repos/{owner}/{repo}/settings.{ext?}/{**rest}", [], RuleAction.Deny),
        ]);

        Assert.Equal(outcome, set.Decide("github", "GET", path, Empty).Outcome);
    }

    [Theory]
    [InlineData("/settings", true)]
    [InlineData("/settings.json", false)]
    [InlineData("/settings/x", false)]
    public void Plain_literal_matches_only_its_own_text(string path, bool matches)
    {
        var set = RuleSet.Compile([Rule("r", "p", ["GET"], "/settings", [])]);

        Assert.Equal(matches ? RuleOutcome.Allowed : RuleOutcome.NoMatchingRule, set.Decide("p", "GET", path, Empty).Outcome);
    }

    [Fact]
    public void Optional_extension_may_sit_in_any_segment()
    {
        var set = RuleSet.Compile([Rule("r", "p", ["GET"], "/v1.{ext?}/items", [])]);

        Assert.Equal(RuleOutcome.Allowed, set.Decide("p", "GET", "/v1/items", Empty).Outcome);
        Assert.Equal(RuleOutcome.Allowed, set.Decide("p", "GET", "/v1.2/items", Empty).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, set.Decide("p", "GET", "/v12/items", Empty).Outcome);
    }

    [Fact]
    public void Scopes_are_matched_exactly_and_case_sensitively()
    {
        var set = RuleSet.Compile([Rule("r", "p", ["GET"], "/x", ["Email.Send"])]);

        Assert.Equal(RuleOutcome.InsufficientScope, set.Decide("p", "GET", "/x", new HashSet<string>(StringComparer.Ordinal) { "email.send" }).Outcome);
    }

    [Fact]
    public void Parameter_never_spans_a_slash()
    {
        var set = RuleSet.Compile([Rule("r", "p", ["GET"], "/users/{id}/profile", [])]);

        Assert.Equal(RuleOutcome.Allowed, set.Decide("p", "GET", "/users/7/profile", Empty).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, set.Decide("p", "GET", "/users/7/x/profile", Empty).Outcome);
    }

    [Theory]
    [InlineData("no-slash", "must start with '/'")]
    [InlineData("/users/{id:int}", "constraint")]
    [InlineData("/users/{id=5}", "default")]
    [InlineData("/users/{id?}/x", "optional")]
    [InlineData("/users/{**rest}/x", "not a valid route template")]
    [InlineData("/users/{", "not a valid route template")]
    [InlineData("/users/{a}{b}", "not a valid route template")]
    [InlineData("/files/{name}.{ext?}", "optional")]
    [InlineData("/files/settings-{ext?}", "not a valid route template")]
    [InlineData("/files/settings.{ext:int?}", "not a valid route template")]
    public void Unusable_templates_are_explained(string template, string expected)
    {
        var error = RuleSet.ValidateTemplate(template);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Throws<RuleCompilationException>(() => RuleSet.Compile([Rule("bad", "p", ["GET"], template, [])]));
    }

    private static readonly HashSet<string> Empty = new(StringComparer.Ordinal);

    private static RuleDefinition Rule(string id, string provider, string[] methods, string path, string[] scopes, RuleAction action = RuleAction.Allow) =>
        new() { Id = id, Provider = provider, Methods = methods, Path = path, Scopes = scopes, Action = action };
}
