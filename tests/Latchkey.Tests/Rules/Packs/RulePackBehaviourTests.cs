using Latchkey.Rules;
using Latchkey.Rules.Packs;
using Latchkey.Tests.Rules.Conditions;

namespace Latchkey.Tests.Rules.Packs;

/// <summary>
/// A rules.yaml with only <c>include:</c> lines allows exactly what the pack says and denies the
/// rest; deny overrides and approve-overrides-allow hold across included and local rules.
/// </summary>
public sealed class RulePackBehaviourTests
{
    private static readonly IReadOnlySet<string> ReadOnly = PackRules.Scopes("gmail.read_only");

    public static TheoryData<string, string, bool> GmailReadOnly { get; } = new()
    {
        { "GET", "/gmail/v1/users/me/profile", true },
        { "GET", "/gmail/v1/users/me/messages", true },
        { "GET", "/gmail/v1/users/me/messages/18c2f0a1b2", true },
        { "GET", "/gmail/v1/users/me/messages/18c2f0a1b2/attachments/ANGjdJ8", true },
        { "GET", "/gmail/v1/users/me/threads/18c2", true },
        { "GET", "/gmail/v1/users/me/labels", true },
        { "GET", "/gmail/v1/users/me/drafts/r-123", true },
        { "GET", "/gmail/v1/users/me/history", true },
        { "POST", "/gmail/v1/users/me/messages/send", false },
        { "POST", "/gmail/v1/users/me/messages/18c2/modify", false },
        { "DELETE", "/gmail/v1/users/me/messages/18c2f0a1b2", false },
        { "POST", "/gmail/v1/users/me/messages/batchDelete", false },
        { "GET", "/gmail/v1/users/me/settings/forwardingAddresses", false },
        { "GET", "/gmail/v1/users/someone@example.com/messages", false },
        { "GET", "/gmail/v1/users/me/messages/18c2/attachments", false },
        { "POST", "/batch/gmail/v1", false },
    };

    [Theory]
    [MemberData(nameof(GmailReadOnly))]
    public void Gmail_read_only_allows_exactly_its_reads(string method, string path, bool allowed)
    {
        var rules = PackRules.Compile("include:\n  - { pack: gmail.read_only, provider: mail }\n");

        var decision = rules.Decide("mail", method, path, ReadOnly);

        Assert.Equal(allowed ? RuleOutcome.Allowed : RuleOutcome.NoMatchingRule, decision.Outcome);
        if (allowed)
        {
            Assert.StartsWith("pack:gmail.read_only/", decision.Rule!.Id, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_packs_scope_is_required_unless_the_include_replaces_it()
    {
        var packScope = PackRules.Compile("include:\n  - { pack: gmail.read_only, provider: mail }\n");
        var ownScope = PackRules.Compile("include:\n  - { pack: gmail.read_only, provider: mail, scopes: [email.read] }\n");

        Assert.Equal(RuleOutcome.InsufficientScope, packScope.Decide("mail", "GET", "/gmail/v1/users/me/messages", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.Allowed, ownScope.Decide("mail", "GET", "/gmail/v1/users/me/messages", PackRules.Scopes("email.read")).Outcome);
        Assert.Equal(RuleOutcome.InsufficientScope, ownScope.Decide("mail", "GET", "/gmail/v1/users/me/messages", ReadOnly).Outcome);
    }

    [Fact]
    public void Gmail_send_only_holds_sends_for_approval_and_allows_drafts_but_no_reads()
    {
        var rules = PackRules.Compile("include:\n  - { pack: gmail.send_only, provider: mail, scopes: [] }\n");

        Assert.Equal(RuleOutcome.ApprovalRequired, rules.Decide("mail", "POST", "/gmail/v1/users/me/messages/send", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.ApprovalRequired, rules.Decide("mail", "POST", "/upload/gmail/v1/users/me/messages/send", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.ApprovalRequired, rules.Decide("mail", "POST", "/gmail/v1/users/me/drafts/send", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.Allowed, rules.Decide("mail", "POST", "/gmail/v1/users/me/drafts", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("mail", "GET", "/gmail/v1/users/me/messages", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("mail", "DELETE", "/gmail/v1/users/me/drafts/r-1", PackRules.None).Outcome);
    }

    [Fact]
    public void Jira_packs_allow_reads_and_creation_but_no_edit_or_delete()
    {
        var rules = PackRules.Compile("include:\n  - { pack: jira.read, provider: jira, scopes: [] }\n  - { pack: jira.create_issue, provider: jira, scopes: [] }\n");
        const string Api = "/ex/jira/11111111-2222-3333-4444-555555555555/rest/api/3";

        Assert.Equal(RuleOutcome.Allowed, rules.Decide("jira", "GET", Api + "/issue/ENG-12", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.Allowed, rules.Decide("jira", "POST", Api + "/search/jql", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.Allowed, rules.Decide("jira", "POST", Api + "/issue", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.Allowed, rules.Decide("jira", "POST", Api + "/issue/ENG-12/comment", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("jira", "PUT", Api + "/issue/ENG-12", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("jira", "DELETE", Api + "/issue/ENG-12", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("jira", "POST", Api + "/issue/ENG-12/transitions", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("jira", "POST", Api + "/issue/bulk", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("jira", "GET", Api + "/permissionscheme", PackRules.None).Outcome);
    }

    [Fact]
    public void Github_issues_narrowed_to_reads_by_exclude_refuses_the_writes()
    {
        var rules = PackRules.Compile("""
            include:
              - pack: github.issues
                provider: github
                scopes: []
                exclude: [create-issue, update-issue, create-comment, update-comment, add-labels]
            """);

        Assert.Equal(RuleOutcome.Allowed, rules.Decide("github", "GET", "/repos/acme/api/issues/7/comments", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("github", "POST", "/repos/acme/api/issues", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("github", "PATCH", "/repos/acme/api/issues/7", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("github", "DELETE", "/repos/acme/api/issues/comments/9", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("github", "GET", "/repos/acme/api/pulls", PackRules.None).Outcome);
    }

    [Theory]
    [InlineData("""{"channel":"C0123ABCD","text":"deploy done"}""", "", RuleOutcome.Allowed)]
    [InlineData("""{"channel":"C0999OTHER","text":"hi"}""", "", RuleOutcome.NoMatchingRule)]
    [InlineData("""{"channel":"C0123ABCD","text":"hi"}""", "?channel=C0999OTHER", RuleOutcome.NoMatchingRule)]
    [InlineData("""{"channel":"C0123ABCD","text":"ship it\n<!channel> now"}""", "", RuleOutcome.Denied)]
    [InlineData("""{"channel":"C0123ABCD","text":"<!here|here> look"}""", "", RuleOutcome.Denied)]
    public void Slack_posts_only_to_the_includers_channels_and_never_broadcasts(string body, string query, RuleOutcome expected)
    {
        var rules = PackRules.Compile("""
            include:
              - pack: slack.post_to_allowed_channels
                provider: slack
                scopes: []
                params:
                  channels: [C0123ABCD, G0456EFGH]
            """);

        var decision = rules.Decide("slack", "POST", ConditionRules.Facts("/chat.postMessage", body, query), PackRules.None, trace: null);

        Assert.Equal(expected, decision.Outcome);
    }

    [Fact]
    public void Slack_history_reads_only_the_includers_channels()
    {
        var rules = PackRules.Compile("include:\n  - { pack: slack.post_to_allowed_channels, provider: slack, scopes: [], params: { channels: [C0123ABCD] } }\n");

        Assert.Equal(RuleOutcome.Allowed, rules.Decide("slack", "GET", ConditionRules.Facts("/conversations.history", query: "?channel=C0123ABCD"), PackRules.None, trace: null).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("slack", "GET", ConditionRules.Facts("/conversations.history", query: "?channel=C0999OTHER"), PackRules.None, trace: null).Outcome);
        Assert.Equal(RuleOutcome.NoMatchingRule, rules.Decide("slack", "POST", ConditionRules.Facts("/chat.delete", """{"channel":"C0123ABCD"}"""), PackRules.None, trace: null).Outcome);
    }

    [Fact]
    public void A_local_deny_or_approve_rule_overrides_an_included_allow()
    {
        var rules = PackRules.Compile("""
            include:
              - { pack: github.issues, provider: github, scopes: [] }
            rules:
              - id: no-secret-repo
                provider: github
                methods: [GET, POST, PATCH]
                path: /repos/acme/secret/{**rest}
                action: deny
              - id: new-issues-need-a-human
                provider: github
                methods: [POST]
                path: /repos/{owner}/{repo}/issues
                action: approve
            """);

        Assert.Equal("no-secret-repo", rules.Decide("github", "GET", "/repos/acme/secret/issues", PackRules.None).Rule!.Id);
        Assert.Equal(RuleOutcome.Denied, rules.Decide("github", "GET", "/repos/acme/secret/issues", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.ApprovalRequired, rules.Decide("github", "POST", "/repos/acme/api/issues", PackRules.None).Outcome);
        Assert.Equal(RuleOutcome.Allowed, rules.Decide("github", "GET", "/repos/acme/api/issues", PackRules.None).Outcome);
    }

    [Fact]
    public void An_included_approve_rule_is_not_bypassed_by_a_local_allow()
    {
        var rules = PackRules.Compile("""
            include:
              - { pack: graph.mail_send, provider: graph, scopes: [] }
            rules:
              - id: send-freely
                provider: graph
                methods: [POST]
                path: /v1.0/me/sendMail
                action: allow
            """);

        var decision = rules.Decide("graph", "POST", "/v1.0/me/sendMail", PackRules.None);

        Assert.Equal(RuleOutcome.ApprovalRequired, decision.Outcome);
        Assert.Equal("pack:graph.mail_send/send-mail", decision.Rule!.Id);
    }

    [Fact]
    public void A_test_pack_with_an_approve_rule_may_be_made_deny_but_not_allow()
    {
        var pack = RulePackCatalog.Read("""
            pack: test.approve
            preset: github
            description: one approve rule and one allow rule
            scopes: []
            rules:
              - id: read
                methods: [GET]
                path: /user
                action: allow
              - id: write
                methods: [PATCH]
                path: /user
                action: approve
            """);

        Assert.Equal([("read", RuleAction.Allow), ("write", RuleAction.Approve)], pack.RuleActions);
        Assert.Equal(RuleAction.Approve, pack.Sample.Single(r => r.Id == "pack:test.approve/write").Action);
    }
}
