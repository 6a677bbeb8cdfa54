namespace Latchkey.Tests.Rules.Conditions;

public sealed class ConditionParserTests
{
    private const string Head = "rules:\n  - id: r1\n    provider: github\n    methods: [POST]\n    path: /repos/{owner}/{repo}/x{id}\n    action: allow\n    when:\n";

    /// <summary>A bad condition and the <c>rules.yaml:line: key: message</c> it must produce.</summary>
    public static TheoryData<string, string, string> Invalid { get; } = new()
    {
        { "unknown key", "      - body: /a\n        equal: x\n", "rules.yaml:9: rules[0].when[0].equal: unknown key" },
        { "no subject", "      - equals: x\n", "rules.yaml:8: rules[0].when[0]: names no subject" },
        { "two subjects", "      - body: /a\n        query: a\n        equals: x\n", "rules.yaml:8: rules[0].when[0]: names more than one subject (path, query, header or body): query, body" },
        { "no matcher", "      - body: /a\n", "rules.yaml:8: rules[0].when[0]: names no matcher" },
        { "two matchers", "      - body: /a\n        equals: x\n        in: [x]\n", "names more than one matcher" },
        { "empty when", "      []\n", "rules.yaml:8: rules[0].when: must list 1 to 32 conditions" },
        { "when not a list", "      body: /a\n", "rules.yaml:8: rules[0].when: must be a list" },
        { "condition not a mapping", "      - /a\n", "rules.yaml:8: rules[0].when[0]: each condition must be a mapping" },
        { "pointer without slash", "      - body: channel\n        equals: x\n", "rules.yaml:8: rules[0].when[0].body: a JSON Pointer starts with '/'" },
        { "bad pointer escape", "      - body: /a~2\n        equals: x\n", "'~' must be followed by 0 or 1" },
        { "too deep pointer", "      - body: " + string.Concat(Enumerable.Repeat("/a", 33)) + "\n        equals: x\n", "at most 32 tokens" },
        { "unknown path parameter", "      - path: org\n        equals: x\n", "rules.yaml:8: rules[0].when[0].path: 'org' is not a parameter of this rule's path" },
        { "parameter inside a segment", "      - path: id\n        equals: x\n", "'id' is not a parameter of this rule's path" },
        { "authorization header", "      - header: Authorization\n        equals: x\n", "rules.yaml:8: rules[0].when[0].header: 'Authorization' carries a credential" },
        { "cookie header", "      - header: cookie\n        exists: false\n", "'cookie' carries a credential" },
        { "bad header name", "      - header: x y\n        equals: x\n", "must be a header name" },
        { "bad regex", "      - body: /a\n        matches: '(a'\n", "rules.yaml:9: rules[0].when[0].matches: is not a valid regular expression" },
        { "backreference", "      - body: /a\n        matches: '(a)\\1'\n", "non-backtracking engine refuses" },
        { "lookahead", "      - body: /a\n        matches: '(?=a)a'\n", "non-backtracking engine refuses" },
        { "long regex", "      - body: /a\n        matches: '" + new string('a', 513) + "'\n", "longer than 512 characters" },
        { "empty in", "      - body: /a\n        in: []\n", "rules.yaml:9: rules[0].when[0].in: must list 1 to 256 values" },
        { "in not a list", "      - body: /a\n        in: x\n", "rules.yaml:9: rules[0].when[0].in: must be a list" },
        { "equals a list", "      - body: /a\n        equals: [x]\n", "rules.yaml:9: rules[0].when[0].equals: must be a single value" },
        { "negative max_length", "      - body: /a\n        max_length: -1\n", "must be a whole number from 0 to 1000000" },
        { "huge max_length", "      - body: /a\n        max_length: 99999999999\n", "must be a whole number" },
        { "exists yes", "      - body: /a\n        exists: yes\n", "rules.yaml:9: rules[0].when[0].exists: must be true or false" },
        { "ignore_case on exists", "      - body: /a\n        exists: true\n        ignore_case: true\n", "rules[0].when[0].ignore_case: does not apply to exists" },
        { "ignore_case beside all_of", "      - body: /to\n        all_of: [{ at: /address, ends_with: \"@acme.example\" }]\n        ignore_case: true\n", "rules[0].when[0].ignore_case: does not apply to all_of" },
        { "all_of on query", "      - query: a\n        all_of:\n          - equals: x\n", "rules[0].when[0].all_of: applies to a JSON array: use it with 'body'" },
        { "nested all_of", "      - body: /a\n        all_of:\n          - all_of: []\n", "rules.yaml:10: rules[0].when[0].all_of[0].all_of: unknown key" },
        { "empty all_of", "      - body: /a\n        all_of: []\n", "must list 1 to 8 item conditions" },
        { "bad item pointer", "      - body: /a\n        all_of:\n          - at: b\n            equals: x\n", "rules[0].when[0].all_of[0].at: a JSON Pointer starts with '/'" },
        { "item without matcher", "      - body: /a\n        all_of:\n          - at: /b\n", "rules[0].when[0].all_of[0]: names no matcher" },
        { "cel expression", "      - expr: 'body.channel == \"C1\"'\n", "rules[0].when[0].expr: unknown key" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_condition_is_refused_at_load_with_file_line_and_key(string name, string when, string expected)
    {
        var (result, _) = ConditionRules.Load(Head + when);

        Assert.False(result.Succeeded, name);
        var errors = string.Join("\n", result.Errors);
        Assert.True(errors.Contains(expected, StringComparison.Ordinal), $"{name}: expected '{expected}' in:\n{errors}");
    }

    [Fact]
    public void The_documented_examples_load()
    {
        var (result, rules) = ConditionRules.Load(ConditionRules.Examples);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.All(rules!.Rules, rule => Assert.NotNull(rule.Conditions));
    }
}
