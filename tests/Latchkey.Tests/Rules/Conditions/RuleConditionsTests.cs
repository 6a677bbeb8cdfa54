using Latchkey.Rules;
using Latchkey.Rules.Conditions;

namespace Latchkey.Tests.Rules.Conditions;

public sealed class RuleConditionsTests
{
    private const string Post = "/api/chat.postMessage";
    private const string Send = "/v1.0/me/sendMail";
    private static readonly RuleSet Set = ConditionRules.Compile(ConditionRules.Examples);
    private static readonly HashSet<string> NoScopes = [];

    public static TheoryData<string, string, string, string, string?, RuleOutcome, string?> SlackAndMail { get; } = new()
    {
        // Slack chat.postMessage: only the allowed channels, never a broadcast, channel never in the query too.
        { "allowed channel", "slack", Post, "", """{"channel":"C0123ENG","text":"hi"}""", RuleOutcome.Allowed, "slack.post.allowed-channels" },
        { "other channel", "slack", Post, "", """{"channel":"C999","text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel case variant", "slack", Post, "", """{"channel":"c0123eng","text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel missing", "slack", Post, "", """{"text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel as number", "slack", Post, "", """{"channel":123,"text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel as array", "slack", Post, "", """{"channel":["C0123ENG"],"text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel as object", "slack", Post, "", """{"channel":{"id":"C0123ENG"},"text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel with suffix", "slack", Post, "", """{"channel":"C0123ENGX","text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "channel escaped spelling", "slack", Post, "", """{"channel":"C0123\u0045NG","text":"hi"}""", RuleOutcome.Allowed, "slack.post.allowed-channels" },
        { "channel key capitalised", "slack", Post, "", """{"Channel":"C999","text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "second channel in query", "slack", Post, "?channel=C999", """{"channel":"C0123ENG","text":"hi"}""", RuleOutcome.NoMatchingRule, null },
        { "broadcast", "slack", Post, "", """{"channel":"C0123ENG","text":"all <!channel> now"}""", RuleOutcome.Denied, "slack.post.no-broadcast" },
        { "broadcast after a line break", "slack", Post, "", """{"channel":"C0123ENG","text":"hi\n<!channel> now"}""", RuleOutcome.Denied, "slack.post.no-broadcast" },
        { "broadcast with a label", "slack", Post, "", """{"channel":"C0123ENG","text":"<!here|here> now"}""", RuleOutcome.Denied, "slack.post.no-broadcast" },
        { "broadcast escaped", "slack", Post, "", """{"channel":"C0123ENG","text":"\u003c!here>"}""", RuleOutcome.Denied, "slack.post.no-broadcast" },
        { "text too long", "slack", Post, "", "{\"channel\":\"C0123ENG\",\"text\":\"" + new string('a', 4001) + "\"}", RuleOutcome.NoMatchingRule, null },
        { "text at limit in emoji", "slack", Post, "", "{\"channel\":\"C0123ENG\",\"text\":\"" + string.Concat(Enumerable.Repeat("😀", 4000)) + "\"}", RuleOutcome.Allowed, "slack.post.allowed-channels" },
        { "top-level array", "slack", Post, "", """[{"channel":"C0123ENG"}]""", RuleOutcome.NoMatchingRule, null },

        // Graph sendMail: every recipient in the company's domain.
        { "company recipients", "graph", Send, "", Mail("a@example.com", "b@EXAMPLE.com"), RuleOutcome.Allowed, "mail.send.company-only" },
        { "outside recipient", "graph", Send, "", Mail("a@example.com", "x@evil.example"), RuleOutcome.NoMatchingRule, null },
        { "lookalike domain", "graph", Send, "", Mail("a@example.com.evil.example"), RuleOutcome.NoMatchingRule, null },
        { "subdomain trick", "graph", Send, "", Mail("a@notexample.com"), RuleOutcome.NoMatchingRule, null },
        { "no recipients", "graph", Send, "", """{"message":{"subject":"x"}}""", RuleOutcome.NoMatchingRule, null },
        { "outside cc", "graph", Send, "", """{"message":{"toRecipients":[],"ccRecipients":[{"emailAddress":{"address":"x@evil.example"}}]}}""", RuleOutcome.NoMatchingRule, null },
        { "outside bcc", "graph", Send, "", """{"message":{"toRecipients":[],"bccRecipients":[{"emailAddress":{"address":"x@evil.example"}}]}}""", RuleOutcome.NoMatchingRule, null },
        { "recipient without address", "graph", Send, "", """{"message":{"toRecipients":[{"emailAddress":{}}]}}""", RuleOutcome.NoMatchingRule, null },
        { "recipients not an array", "graph", Send, "", """{"message":{"toRecipients":{"emailAddress":{"address":"a@example.com"}}}}""", RuleOutcome.NoMatchingRule, null },
        { "address as number", "graph", Send, "", """{"message":{"toRecipients":[{"emailAddress":{"address":1}}]}}""", RuleOutcome.NoMatchingRule, null },
    };

    [Theory]
    [MemberData(nameof(SlackAndMail))]
    public void A_rule_matches_only_when_its_conditions_hold(
        string name, string provider, string path, string query, string? body, RuleOutcome expected, string? rule)
    {
        var decision = Set.Decide(provider, "POST", ConditionRules.Facts(path, body, query), NoScopes, trace: null);

        Assert.True(expected == decision.Outcome, $"{name}: {decision.Outcome} ({decision.Reason})");
        Assert.Equal(rule, decision.Rule?.Id);
    }

    [Theory]
    [InlineData("/repos/acme/app/issues", "2022-11-28", """{"title":"x"}""", RuleOutcome.Allowed, "gh.issues.own-org")]
    [InlineData("/repos/ACME/app/issues", "2022-11-28", """{"title":"x"}""", RuleOutcome.NoMatchingRule, null)]
    [InlineData("/repos/other/app/issues", "2022-11-28", """{"title":"x","labels":["bug"]}""", RuleOutcome.NoMatchingRule, null)]
    [InlineData("/repos/acme/app/issues", "2023-01-01", """{"title":"x"}""", RuleOutcome.NoMatchingRule, null)]
    [InlineData("/repos/acme/app/issues", "2022-11-28", """{"title":"x","labels":["bug"]}""", RuleOutcome.ApprovalRequired, "gh.issues.labelled")]
    [InlineData("/repos/acme/app/issues", "2023-01-01", """{"title":"x","labels":["bug","docs"]}""", RuleOutcome.ApprovalRequired, "gh.issues.labelled")]
    [InlineData("/repos/acme/app/issues", "2023-01-01", """{"title":"x","labels":["bug","prod"]}""", RuleOutcome.NoMatchingRule, null)]
    [InlineData("/repos/acme/app/issues", "2023-01-01", """{"title":"x","labels":["xbugx"]}""", RuleOutcome.NoMatchingRule, null)]
    public void Approve_overrides_allow_among_the_rules_whose_conditions_hold(string path, string version, string body, RuleOutcome expected, string? rule)
    {
        var decision = Set.Decide("github", "POST", ConditionRules.Facts(path, body, headers: ("X-GitHub-Api-Version", version)), NoScopes, trace: null);

        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(rule, decision.Rule?.Id);
    }

    [Theory]
    [InlineData("/repos/acme/app/contents/docs/readme.md", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/contents/docs/a/b.md", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/contents/docs/readme.md/", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/contents/src/main.cs", RuleOutcome.NoMatchingRule)]
    [InlineData("/repos/acme/app/contents/xdocs/readme.md", RuleOutcome.NoMatchingRule)]
    [InlineData("/repos/acme/app/contents/docs/readme.mdx", RuleOutcome.NoMatchingRule)]
    [InlineData("/repos/acme/app/contents", RuleOutcome.NoMatchingRule)]
    public void A_catch_all_path_parameter_is_matched_whole(string path, RuleOutcome expected)
    {
        Assert.Equal(expected, Set.Decide("github", "GET", ConditionRules.Facts(path), NoScopes, trace: null).Outcome);
    }

    [Theory]
    [InlineData("?channel=a&channel=b", "the query parameter 'channel' is given more than once")]
    [InlineData("?channel=%FF", "not valid percent-encoded UTF-8")]
    [InlineData("?channel=%2", "not valid percent-encoded UTF-8")]
    [InlineData("?chan%6eel=x&channel=y", "more than once")]
    [InlineData("?Channel=C999", "the query parameter 'channel' is also given in another letter case")]
    [InlineData("?channel=C0123ENG&CHANNEL=C999", "another letter case")]
    public void An_ambiguous_query_parameter_is_unreadable_never_absent(string query, string problem)
    {
        var decision = Set.Decide("slack", "POST", ConditionRules.Facts(Post, """{"channel":"C0123ENG","text":"hi"}""", query), NoScopes, trace: null);

        Assert.Equal(RuleOutcome.UnreadableContent, decision.Outcome);
        Assert.Contains(problem, decision.Reason, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.UnreadableContent, RequestVerdict.Of(decision).Kind);
        Assert.Equal(400, RequestVerdict.Of(decision).Status);
    }

    [Theory]
    [InlineData("?thread.ts=1")]
    [InlineData("?thread+ts=1")]
    [InlineData("?thread%5Bts=1")]
    [InlineData("?thread-ts=1")]
    [InlineData("?Thread.TS=1&thread_ts=2")]
    public void A_query_parameter_spelled_with_other_separators_is_unreadable_never_absent(string query)
    {
        var value = new QueryParameterSubject("thread_ts").Read(ConditionRules.Facts("/api/chat.postMessage", query: query));

        Assert.Equal("the query parameter 'thread_ts' is also given with other separators", value.Problem);
    }

    [Fact]
    public void A_header_sent_twice_is_unreadable()
    {
        var facts = ConditionRules.Facts("/repos/acme/app/issues", """{"title":"x"}""",
            headers: [("X-GitHub-Api-Version", "2022-11-28"), ("X-GitHub-Api-Version", "2023-01-01")]);

        Assert.Equal(RuleOutcome.UnreadableContent, Set.Decide("github", "POST", facts, NoScopes, trace: null).Outcome);
    }

    [Fact]
    public void A_body_rule_without_an_inspected_body_refuses_rather_than_judging_it_empty()
    {
        var decision = Set.Decide("slack", "POST", RequestFacts.OfPath(Post), NoScopes, trace: null);

        Assert.Equal(RuleOutcome.UnreadableContent, decision.Outcome);
        Assert.Equal("slack.post.allowed-channels", decision.Rule?.Id);
    }

    [Fact]
    public void Only_routes_with_body_conditions_read_the_body()
    {
        Assert.True(Set.ReadsBody("slack", "POST", Post));
        Assert.True(Set.ReadsBody("github", "POST", "/repos/acme/app/issues"));
        Assert.False(Set.ReadsBody("slack", "POST", "/api/conversations.list"));
        Assert.False(Set.ReadsBody("slack", "GET", Post));
        Assert.False(Set.ReadsBody("github", "GET", "/repos/acme/app/contents/docs/a.md"));
    }

    [Fact]
    public void A_deny_rule_without_conditions_still_overrides_a_conditional_allow()
    {
        var set = ConditionRules.Compile("""
            rules:
              - id: allow.channel
                provider: slack
                methods: [POST]
                path: /api/{method}
                when:
                  - body: /channel
                    equals: C1
                action: allow
              - id: deny.admin
                provider: slack
                methods: [POST]
                path: /api/admin.users.remove
                action: deny
            """);

        var decision = set.Decide("slack", "POST", ConditionRules.Facts("/api/admin.users.remove", """{"channel":"C1"}"""), NoScopes, trace: null);

        Assert.Equal(RuleOutcome.Denied, decision.Outcome);
    }

    [Fact]
    public void A_backtracking_pattern_is_matched_in_linear_time()
    {
        // The pattern that took CEL's regex 18 s on 28 characters (docs/rules-conditions.md).
        var set = ConditionRules.Compile("""
            rules:
              - id: r
                provider: slack
                methods: [POST]
                path: /api/x
                when:
                  - body: /text
                    matches: '(a+)+'
                action: allow
            """);
        var body = "{\"text\":\"" + new string('a', 100_000) + "!\"}";
        var started = System.Diagnostics.Stopwatch.StartNew();

        var decision = set.Decide("slack", "POST", ConditionRules.Facts("/api/x", body), NoScopes, trace: null);

        Assert.Equal(RuleOutcome.NoMatchingRule, decision.Outcome);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public void Explain_trace_names_the_failed_condition_and_masks_secret_values()
    {
        var set = ConditionRules.Compile("""
            rules:
              - id: r
                provider: slack
                methods: [POST]
                path: /api/x
                when:
                  - body: /channel
                    equals: C1
                  - body: /api_token
                    equals: nope
                action: allow
            """);
        var trace = new ConditionTrace();

        set.Decide("slack", "POST", ConditionRules.Facts("/api/x", """{"channel":"xoxb-1234567890-abcdefghij"}"""), NoScopes, trace);
        set.Decide("slack", "POST", ConditionRules.Facts("/api/x", """{"channel":"C1","api_token":"hunter2"}"""), NoScopes, trace);
        set.Decide("slack", "POST", ConditionRules.Facts("/api/x", """{"channel":"C2"}"""), NoScopes, trace);

        Assert.Collection(
            trace.Failures,
            f => Assert.Equal(new ConditionFailure("r", 7, "body /channel equals C1", "failed", "***"), f),
            f => Assert.Equal(new ConditionFailure("r", 9, "body /api_token equals nope", "failed", "***"), f),
            f => Assert.Equal(new ConditionFailure("r", 7, "body /channel equals C1", "failed", "C2"), f));
    }

    private static string Mail(params string[] to) =>
        "{\"message\":{\"subject\":\"s\",\"toRecipients\":["
        + string.Join(",", to.Select(a => "{\"emailAddress\":{\"address\":\"" + a + "\"}}"))
        + "]}}";
}
