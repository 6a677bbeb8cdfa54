using System.Text;
using System.Text.Json;
using Latchkey.Rules;
using Latchkey.Rules.GraphQl;
using Latchkey.Tests.Rules.Conditions;

namespace Latchkey.Tests.Rules.GraphQl;

/// <summary>
/// Bodies an agent may POST to GitHub's <c>/graphql</c> to get past <see cref="GraphQlRules.Examples"/>:
/// hidden mutations (aliases, fragments, inline fragments, directives, several operations, escapes),
/// unlisted mutations dressed the same ways, GraphQL requests Latchkey cannot judge, and every
/// hostile JSON body of <see cref="HostileBodyCorpus"/>. None may come out allowed; each row says
/// exactly what it must come out as. Add a row for each new trick.
/// </summary>
public static class GraphQlHostileCorpus
{
    /// <summary>Mutations the examples deny, whatever else the operation holds.</summary>
    private static readonly string[] DeniedFields = ["deleteRepository", "transferRepository", "updateRepository", "deleteIssue"];

    /// <summary>Mutations no rule lists: nothing may allow or approve them.</summary>
    private static readonly string[] UnlistedFields = ["addStar", "mergePullRequest", "createRef", "updateIssue"];

    /// <summary>Ways to ask for <c>{F}</c>: a body for a field name.</summary>
    private static readonly (string Trick, Func<string, byte[]> Body)[] Tricks =
    [
        ("plain", f => Body($"mutation {{ {f}(input:{{}}) {{ clientMutationId }} }}")),
        ("alias to a read field", f => Body($"mutation {{ viewer: {f}(input:{{}}) {{ clientMutationId }} }}")),
        ("alias to an approved field", f => Body($"mutation {{ createIssue: {f}(input:{{}}) {{ clientMutationId }} }}")),
        ("fragment spread", f => Body($"mutation {{ ...X }} fragment X on Mutation {{ {f}(input:{{}}) {{ clientMutationId }} }}")),
        ("fragment in a fragment", f => Body($"mutation {{ ...X }} fragment X on Mutation {{ ...Y }} fragment Y on Mutation {{ {f} {{ clientMutationId }} }}")),
        ("fragment defined first", f => Body($"fragment X on Mutation {{ {f} {{ clientMutationId }} }} mutation {{ ...X }}")),
        ("inline fragment", f => Body($"mutation {{ ... on Mutation {{ {f} {{ clientMutationId }} }} }}")),
        ("untyped inline fragment", f => Body($"mutation {{ ... {{ {f} {{ clientMutationId }} }} }}")),
        ("inline in a spread", f => Body($"mutation {{ __typename ...X }} fragment X on Mutation {{ ... on Mutation {{ {f} {{ clientMutationId }} }} }}")),
        ("skipped by a directive", f => Body($"mutation {{ {f} @skip(if: true) {{ clientMutationId }} }}")),
        ("included by a variable", f => Body($"mutation M($b: Boolean!) {{ {f} @include(if: $b) {{ clientMutationId }} }}", "M")),
        ("beside an approved field", f => Body($"mutation {{ createIssue(input:{{}}) {{ issue {{ id }} }} {f}(input:{{}}) {{ clientMutationId }} }}")),
        ("named and selected", f => Body($"mutation M {{ {f} {{ clientMutationId }} }}", "M")),
        ("selected beside a query", f => Body($"query Q {{ viewer {{ login }} }} mutation M {{ {f} {{ clientMutationId }} }}", "M")),
        ("as a query field", f => Body($"query {{ {f} {{ clientMutationId }} }}")),
        ("as a subscription field", f => Body($"subscription {{ {f} {{ clientMutationId }} }}")),
        ("comment between tokens", f => Body($"mutation # createIssue\n{{ {f}\n# }}\n {{ clientMutationId }} }}")),
        ("capitalised member", f => Json(new Dictionary<string, string> { ["Query"] = $"mutation {{ {f} {{ clientMutationId }} }}" })),
        ("escaped in JSON", f => Encoding.UTF8.GetBytes("{\"query\":\"mut\\u0061tion { " + f + " { clientMutationId } }\"}")),
        ("persisted with its document", f => PersistedWith($"mutation {{ {f} {{ clientMutationId }} }}")),
        ("with variables and extensions", f => Encoding.UTF8.GetBytes("{\"query\":\"mutation($i: X!) { " + f + "(input: $i) { clientMutationId } }\",\"variables\":{\"i\":{}},\"extensions\":{}}")),
    ];

    /// <summary>GraphQL requests no rule can judge: each must be unreadable (400), never judged as some other operation.</summary>
    private static readonly (string Name, byte[] Body)[] UnreadableRequests =
    [
        ("batch of two", Utf8("""[{"query":"{ viewer { login } }"},{"query":"mutation { deleteRepository(input:{}) { clientMutationId } }"}]""")),
        ("batch of one", Utf8("""[{"query":"{ viewer { login } }"}]""")),
        ("empty batch", Utf8("[]")),
        ("batch of a persisted query", Utf8("[{\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + new string('a', 64) + "\"}}}]")),
        ("string body", Utf8("\"mutation { deleteRepository }\"")),
        ("number body", Utf8("42")),
        ("null body", Utf8("null")),
        ("query is a number", Utf8("""{"query":1}""")),
        ("query is an array", Utf8("""{"query":["{ viewer { login } }","mutation { deleteRepository }"]}""")),
        ("query is an object", Utf8("""{"query":{"text":"mutation { deleteRepository }"}}""")),
        ("query is true", Utf8("""{"query":true}""")),
        ("operationName is a number", Utf8("""{"query":"{ viewer { login } }","operationName":1}""")),
        ("operationName is an array", Utf8("""{"query":"query A { viewer { login } } mutation B { deleteRepository }","operationName":["A","B"]}""")),
        ("variables is an array", Utf8("""{"query":"{ viewer { login } }","variables":[]}""")),
        ("variables is a string", Utf8("""{"query":"{ viewer { login } }","variables":"{}"}""")),
        ("extensions is a string", Utf8("""{"query":"{ viewer { login } }","extensions":"x"}""")),
        ("no query", Utf8("""{"variables":{}}""")),
        ("empty object", Utf8("{}")),
        ("null query", Utf8("""{"query":null}""")),
        ("empty query", Utf8("""{"query":""}""")),
        ("blank query", Utf8("""{"query":"  \n "}""")),
        ("syntax error", Utf8("""{"query":"mutation { deleteRepository( }"}""")),
        ("unclosed selection", Utf8("""{"query":"{ viewer { login }"}""")),
        ("unterminated string", Utf8("""{"query":"{ search(query: \"x) { issueCount } }"}""")),
        ("trailing garbage", Utf8("""{"query":"{ viewer { login } } }"}""")),
        ("stray token", Utf8("""{"query":"{ viewer { login } } deleteRepository"}""")),
        ("type definition", Utf8("""{"query":"type Query { viewer: User }"}""")),
        ("schema definition beside a query", Utf8("""{"query":"schema { query: Q } { viewer { login } }"}""")),
        ("type extension", Utf8("""{"query":"extend type Mutation { x: Int } { viewer { login } }"}""")),
        ("directive definition", Utf8("""{"query":"directive @x on FIELD { viewer { login } }"}""")),
        ("only fragments", Utf8("""{"query":"fragment X on Query { viewer { login } }"}""")),
        ("two operations unnamed choice", Utf8("""{"query":"query A { viewer { login } } mutation B { deleteRepository(input:{}) { clientMutationId } }"}""")),
        ("two anonymous operations", Utf8("""{"query":"{ viewer { login } } { search { issueCount } }"}""")),
        ("anonymous beside named", Utf8("""{"query":"{ viewer { login } } mutation B { deleteRepository }","operationName":"B"}""")),
        ("operationName names nothing", Utf8("""{"query":"query A { viewer { login } }","operationName":"B"}""")),
        ("operationName on an anonymous operation", Utf8("""{"query":"{ viewer { login } }","operationName":"A"}""")),
        ("operationName differs by case", Utf8("""{"query":"query A { viewer { login } } mutation a { deleteRepository }","operationName":"a "}""")),
        ("two operations of one name", Utf8("""{"query":"query A { viewer { login } } mutation A { deleteRepository }","operationName":"A"}""")),
        ("fragment defined twice", Utf8("""{"query":"mutation { ...X } fragment X on Mutation { createIssue } fragment X on Mutation { deleteRepository }"}""")),
        ("unknown fragment", Utf8("""{"query":"mutation { ...Missing }"}""")),
        ("fragment cycle", Utf8("""{"query":"mutation { ...X } fragment X on Mutation { ...Y } fragment Y on Mutation { ...X }"}""")),
        ("fragment spreading itself", Utf8("""{"query":"mutation { ...X } fragment X on Mutation { createIssue ...X }"}""")),
        ("fragments nested too deep", Utf8(Json(new { query = "mutation { ...F0 } " + string.Concat(Enumerable.Range(0, 10).Select(i => $"fragment F{i} on Mutation {{ ...F{i + 1} }} ")) + "fragment F10 on Mutation { deleteRepository }" }))),
        ("selections nested too deep", Utf8(Json(new { query = "{ " + string.Concat(Enumerable.Repeat("viewer { ", 80)) + "login" + new string('}', 81) }))),
        ("document too long", Utf8(Json(new { query = "{ viewer { login } }" + new string(' ', 70_000) }))),
        ("too many top-level fields", Utf8(Json(new { query = "{ " + string.Concat(Enumerable.Range(0, 65).Select(i => $"f{i} ")) + "}" }))),
        ("too many definitions", Utf8(Json(new { query = "{ viewer { login } } " + string.Concat(Enumerable.Range(0, 64).Select(i => $"fragment F{i} on Query {{ viewer {{ login }} }} ")) }))),
        ("stored document id", Utf8("""{"id":"abc123","variables":{}}""")),
        ("stored documentId beside a query", Utf8("""{"documentId":"abc","query":"{ viewer { login } }"}""")),
        ("stored doc_id", Utf8("""{"doc_id":"abc"}""")),
        ("stored queryId", Utf8("""{"queryId":"abc","query":"{ viewer { login } }"}""")),
        ("hash beside another document", Utf8(PersistedWithHash("{ viewer { login } }", GraphQlRules.PersistedHash))),
        ("hash too short", Utf8("""{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}""")),
        ("hash not hex", Utf8("{\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + new string('z', 64) + "\"}}}")),
        ("hash a number", Utf8("""{"extensions":{"persistedQuery":{"version":1,"sha256Hash":12}}}""")),
        ("persistedQuery a string", Utf8("""{"extensions":{"persistedQuery":"abc"}}""")),
        ("duplicate query member", Utf8("""{"query":"{ viewer { login } }","query":"mutation { deleteRepository }"}""")),
        ("query members differing by case", Utf8("""{"query":"{ viewer { login } }","QUERY":"mutation { deleteRepository }"}""")),
        ("duplicate operationName", Utf8("""{"query":"query A { viewer { login } } mutation B { deleteRepository }","operationName":"A","operationName":"B"}""")),
    ];

    /// <summary>Every row: a name, the body, its content type, and the one outcome it must get.</summary>
    public static TheoryData<string, byte[], string, RuleOutcome> Rows { get; } = Build();

    private static TheoryData<string, byte[], string, RuleOutcome> Build()
    {
        var rows = new TheoryData<string, byte[], string, RuleOutcome>();
        foreach (var (trick, body) in Tricks)
        {
            foreach (var field in DeniedFields)
            {
                rows.Add($"{trick}: {field}", body(field), "application/json", RuleOutcome.Denied);
            }

            foreach (var field in UnlistedFields)
            {
                rows.Add($"{trick}: {field}", body(field), "application/json", RuleOutcome.NoMatchingRule);
            }
        }

        foreach (var (name, body) in UnreadableRequests)
        {
            rows.Add(name, body, "application/json", RuleOutcome.UnreadableContent);
        }

        foreach (var row in HostileBodyCorpus.Unreadable)
        {
            rows.Add("JSON: " + (string)row[0], (byte[])row[1], (string)row[2], RuleOutcome.UnreadableContent);
        }

        return rows;
    }

    private static byte[] Body(string document, string? operationName = null) => Utf8(GraphQlRules.Body(document, operationName));

    private static byte[] PersistedWith(string document) => Utf8(PersistedWithHash(document, GraphQlRequestReader.Sha256Hex(document)));

    private static string PersistedWithHash(string document, string hash) =>
        Json(new { query = document, extensions = new { persistedQuery = new { version = 1, sha256Hash = hash } } });

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static byte[] Json(Dictionary<string, string> members) => JsonSerializer.SerializeToUtf8Bytes(members);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
