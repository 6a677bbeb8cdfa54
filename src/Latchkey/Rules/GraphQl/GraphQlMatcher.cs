using Latchkey.Rules.Conditions;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// A rule's <c>graphql:</c> key compiled: either <c>persisted</c> hashes, or tests on the document's
/// operation (<c>operation</c>, <c>name</c>, <c>fields</c>: every top-level field is listed,
/// <c>any_field</c>: at least one is). Each key given must hold. docs/rules-conditions.md, "GraphQL".
/// </summary>
internal sealed class GraphQlMatcher : ValueMatcher
{
    private readonly HashSet<string>? _operations;
    private readonly HashSet<string>? _names;
    private readonly HashSet<string>? _fields;
    private readonly HashSet<string>? _anyField;
    private readonly HashSet<string>? _persisted;

    public GraphQlMatcher(
        IReadOnlyList<string>? operations, IReadOnlyList<string>? names, IReadOnlyList<string>? fields, IReadOnlyList<string>? anyField, IReadOnlyList<string>? persisted)
    {
        _operations = Set(operations);
        _names = Set(names);
        _fields = Set(fields);
        _anyField = Set(anyField);
        _persisted = persisted is null ? null : new HashSet<string>(persisted.Select(h => h.ToLowerInvariant()), StringComparer.Ordinal);
    }

    public override ConditionOutcome Match(in ConditionValue value)
    {
        if (value.GraphQl is not { } request)
        {
            return ConditionOutcome.Fails;
        }

        if (_persisted is not null)
        {
            return Of(request.PersistedHash is { } hash && _persisted.Contains(hash));
        }

        // A persisted query without a document has no operation to judge: only a rule listing its hash matches it.
        if (!request.HasDocument)
        {
            return ConditionOutcome.Fails;
        }

        var holds = (_operations is null || _operations.Contains(request.OperationType!))
            && (_names is null || (request.OperationName is { } name && _names.Contains(name)))
            && (_fields is null || request.Fields.All(_fields.Contains))
            && (_anyField is null || request.Fields.Any(_anyField.Contains));
        return Of(holds);
    }

    public override string Describe()
    {
        var parts = new List<string>();
        Add(parts, "operation", _operations);
        Add(parts, "name", _names);
        Add(parts, "fields", _fields);
        Add(parts, "any_field", _anyField);
        Add(parts, "persisted", _persisted);
        return string.Join("; ", parts);
    }

    private static HashSet<string>? Set(IReadOnlyList<string>? items) => items is null ? null : new HashSet<string>(items, StringComparer.Ordinal);

    private static void Add(List<string> parts, string key, HashSet<string>? items)
    {
        if (items is not null)
        {
            parts.Add(key + " [" + string.Join(", ", items) + "]");
        }
    }
}
