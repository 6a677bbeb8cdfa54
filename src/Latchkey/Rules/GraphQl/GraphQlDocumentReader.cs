using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// Parses a GraphQL document with GraphQL-Parser and finds the operation a server would run:
/// the only one, or the one <c>operationName</c> names. Its top-level fields are collected by
/// field name (an alias never hides a field), through inline fragments and fragment spreads, so
/// a mutation cannot tuck a field into a fragment. Anything ambiguous is unreadable.
/// </summary>
internal static class GraphQlDocumentReader
{
    private const string TypeName = "__typename";

    public static GraphQlRequest Read(string document, string? operationName, string? persistedHash)
    {
        if (document.Length > GraphQlLimits.MaxDocumentChars)
        {
            return GraphQlRequest.Unreadable($"the GraphQL document is longer than {GraphQlLimits.MaxDocumentChars} characters");
        }

        GraphQLDocument parsed;
        try
        {
            parsed = Parser.Parse(document, new ParserOptions { Ignore = IgnoreOptions.All, MaxDepth = GraphQlLimits.MaxDepth });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return GraphQlRequest.Unreadable($"the GraphQL document nests deeper than {GraphQlLimits.MaxDepth} levels");
        }
        catch (GraphQLParserException)
        {
            return GraphQlRequest.Unreadable("the GraphQL document does not parse");
        }

        var definitions = parsed.Definitions;
        if (definitions.Count > GraphQlLimits.MaxDefinitions)
        {
            return GraphQlRequest.Unreadable($"the GraphQL document holds more than {GraphQlLimits.MaxDefinitions} operations and fragments");
        }

        var operations = new List<GraphQLOperationDefinition>();
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            switch (definition)
            {
                case GraphQLOperationDefinition operation:
                    operations.Add(operation);
                    break;
                case GraphQLFragmentDefinition fragment when fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment):
                    break;
                case GraphQLFragmentDefinition:
                    return GraphQlRequest.Unreadable("the GraphQL document defines a fragment twice");
                default:
                    // Schema definitions and extensions: not an executable document.
                    return GraphQlRequest.Unreadable("the GraphQL document holds a definition that is not an operation or a fragment");
            }
        }

        var selected = Select(operations, operationName, out var problem);
        if (selected is null)
        {
            return GraphQlRequest.Unreadable(problem!);
        }

        var fields = new List<string>();
        problem = Collect(selected.SelectionSet, fragments, fields, [], 0);
        return problem is null
            ? GraphQlRequest.Of(Spell(selected.Operation), selected.Name?.StringValue, fields, persistedHash)
            : GraphQlRequest.Unreadable(problem);
    }

    private static GraphQLOperationDefinition? Select(List<GraphQLOperationDefinition> operations, string? operationName, out string? problem)
    {
        problem = null;
        if (operations.Count == 0)
        {
            problem = "the GraphQL document holds no operation";
            return null;
        }

        // Spec §5.2.2.1: an anonymous operation must be alone. Servers differ on what they run otherwise.
        if (operations.Count > 1 && operations.Any(o => o.Name is null))
        {
            problem = "the GraphQL document holds an anonymous operation beside others";
            return null;
        }

        if (operationName is null)
        {
            if (operations.Count > 1)
            {
                problem = "the GraphQL document holds several operations and 'operationName' names none";
                return null;
            }

            return operations[0];
        }

        var named = operations.Where(o => o.Name is not null && o.Name.StringValue == operationName).ToList();
        if (named.Count != 1)
        {
            problem = named.Count == 0
                ? "'operationName' names no operation of the GraphQL document"
                : "the GraphQL document holds two operations of the name 'operationName' gives";
            return null;
        }

        return named[0];
    }

    /// <summary>Adds the top-level field names of <paramref name="selections"/>; null, or why they cannot be judged.</summary>
    private static string? Collect(
        GraphQLSelectionSet selections, Dictionary<string, GraphQLFragmentDefinition> fragments, List<string> fields, HashSet<string> spreading, int nesting)
    {
        foreach (var selection in selections.Selections)
        {
            var problem = selection switch
            {
                // Directives (@skip, @include) are ignored on purpose: a field that may run is judged as if it runs.
                GraphQLField field => AddField(field.Name.StringValue, fields),
                GraphQLInlineFragment inline => Collect(inline.SelectionSet, fragments, fields, spreading, nesting),
                GraphQLFragmentSpread spread => Spread(spread.FragmentName.Name.StringValue, fragments, fields, spreading, nesting),
                _ => "the GraphQL operation selects something that is neither a field nor a fragment",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Spread(
        string name, Dictionary<string, GraphQLFragmentDefinition> fragments, List<string> fields, HashSet<string> spreading, int nesting)
    {
        if (!fragments.TryGetValue(name, out var fragment))
        {
            return "a fragment spread at the top level names no fragment of the GraphQL document";
        }

        if (nesting >= GraphQlLimits.MaxFragmentNesting)
        {
            return $"fragments at the top level nest deeper than {GraphQlLimits.MaxFragmentNesting}";
        }

        if (!spreading.Add(name))
        {
            return "fragments at the top level spread each other in a cycle";
        }

        var problem = Collect(fragment.SelectionSet, fragments, fields, spreading, nesting + 1);
        spreading.Remove(name);
        return problem;
    }

    private static string? AddField(string name, List<string> fields)
    {
        // __typename names the root type and reads no data: it never widens what an operation does.
        if (name == TypeName || fields.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        if (fields.Count == GraphQlLimits.MaxTopLevelFields)
        {
            return $"the GraphQL operation selects more than {GraphQlLimits.MaxTopLevelFields} top-level fields";
        }

        fields.Add(name);
        return null;
    }

    private static string Spell(OperationType type) => type switch
    {
        OperationType.Mutation => GraphQlOperationType.Mutation,
        OperationType.Subscription => GraphQlOperationType.Subscription,
        _ => GraphQlOperationType.Query,
    };
}
