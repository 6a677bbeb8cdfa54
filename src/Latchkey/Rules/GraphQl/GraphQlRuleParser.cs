using System.Text.RegularExpressions;
using Latchkey.Providers;
using Latchkey.Rules.Conditions;
using Latchkey.Yaml;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// Compiles a rule's <c>graphql:</c> mapping at load, strictly, with file:line errors: the rule must
/// be a POST (or GET) rule on a path its provider marks as GraphQL (<c>graphql:</c> in providers.yaml), and
/// name either <c>persisted</c> hashes or tests on the operation (<c>operation</c>, <c>name</c>,
/// <c>fields</c>, <c>any_field</c>). The result is one more condition of the rule.
/// </summary>
internal static partial class GraphQlRuleParser
{
    public const string Key = "graphql";
    public const int MaxNames = 256;

    private static readonly string[] GraphQlKeys = ["operation", "name", "fields", "any_field", "persisted"];
    private static readonly string[] OperationTests = ["operation", "name", "fields", "any_field"];

    // GraphQL spec §2.1.9 Names.
    [GeneratedRegex("^[_A-Za-z][_0-9A-Za-z]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex("^[0-9a-fA-F]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    [GeneratedRegex("^(query|mutation|subscription)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Operation();

    /// <summary>The compiled condition, or null when the rule has no <c>graphql:</c> key (or errors were recorded).</summary>
    public static RuleCondition? Parse(YamlMappingReader rule, ProviderDefinition? provider, string? path, IReadOnlyList<string> methods)
    {
        var mapping = rule.Mapping(Key);
        if (mapping is null)
        {
            return null;
        }

        var diagnostics = rule.Diagnostics;
        var before = diagnostics.Errors.Count;
        var line = rule.LineOfKey(Key);
        if (provider is not null && path is not null && !provider.GraphQlPaths.Any(endpoint => endpoint.Path == path))
        {
            diagnostics.Error(line, rule.KeyPath(Key),
                $"provider '{provider.Name}' does not mark '{path}' as a GraphQL path: add it to the provider's 'graphql' list in providers.yaml");
        }

        if (methods.Any(m => m is not ("POST" or "GET")))
        {
            diagnostics.Error(rule.LineOfKey("methods"), rule.KeyPath("methods"),
                "a rule with 'graphql' judges the JSON body of a POST or the query string of a GET: use methods: [POST] or [GET, POST]");
        }

        var reader = new YamlMappingReader(mapping, rule.KeyPath(Key), diagnostics, GraphQlKeys);
        var operations = List(reader, "operation", Operation(), "use query, mutation or subscription");
        var names = List(reader, "name", Name(), "a GraphQL name: letters, digits and _");
        var fields = List(reader, "fields", Name(), "a GraphQL field name: letters, digits and _");
        var anyField = List(reader, "any_field", Name(), "a GraphQL field name: letters, digits and _");
        var persisted = List(reader, "persisted", Sha256Hex(), "a SHA-256 hash: 64 hex digits");
        var documentKeys = OperationTests.Where(reader.Has).ToList();
        if (persisted is not null && documentKeys.Count > 0)
        {
            diagnostics.Error(line, reader.Path,
                $"'persisted' allows stored documents by hash and cannot be combined with {string.Join(", ", documentKeys)}: write two rules");
        }
        else if (persisted is null && documentKeys.Count == 0 && diagnostics.Errors.Count == before)
        {
            diagnostics.Error(line, reader.Path, "names nothing to judge: give operation, name, fields, any_field or persisted");
        }

        return diagnostics.Errors.Count == before
            ? new RuleCondition(GraphQlSubject.Instance, new GraphQlMatcher(operations, names, fields, anyField, persisted), line)
            : null;
    }

    private static IReadOnlyList<string>? List(YamlMappingReader reader, string key, Regex pattern, string hint)
    {
        var items = reader.StringList(key, itemPattern: pattern, patternHint: hint);
        if (items is not null && items.Count is 0 or > MaxNames)
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), $"must list 1 to {MaxNames} values");
        }

        return items;
    }
}
