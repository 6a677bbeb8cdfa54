using System.Buffers;
using System.Text.Json;
using Latchkey.Providers;
using Latchkey.Rules.Conditions;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// GraphQL over GET (https://graphql.github.io/graphql-over-http/draft/#sec-GET): the document,
/// <c>operationName</c>, and JSON-encoded <c>variables</c> and <c>extensions</c> in the query string.
/// Read into the same shape as a POST body and judged the same way. A GET to a provider's GraphQL
/// path that carries any of these is refused when it cannot be read, and always when it asks for a
/// mutation: GraphQL servers must not run mutations sent with GET, and one that does must not find
/// Latchkey's read-only rules a way around the human.
/// </summary>
internal static class GraphQlGetRequest
{
    private static readonly string[] Parameters = ["query", "operationName", "variables", "extensions", "id", "documentId", "doc_id", "queryId"];
    private static readonly string[] JsonParameters = ["variables", "extensions"];

    /// <summary>
    /// The refusal of a request to a provider's GraphQL path (matched as a rule template matches)
    /// whose URL carries GraphQL parameters that cannot be judged; null for any other request.
    /// A GET or HEAD (HEAD is a GET without the response body) is read: refused when unreadable or a
    /// mutation; <paramref name="persistedOnly"/> when it carries a persisted-query hash without its
    /// document, which only a rule judging the operation (one that lists the hash) may let through.
    /// Any other method carrying them is refused: the rules judge its body, and a server that prefers
    /// URL parameters would run what they say instead.
    /// </summary>
    public static RuleDecision? Refusal(ProviderDefinition provider, in RequestFacts facts, out bool persistedOnly)
    {
        ArgumentNullException.ThrowIfNull(provider);
        persistedOnly = false;
        if (facts.Query.Length <= 1 || !ProviderEndpoints.IsGraphQl(provider.GraphQlPaths, facts.UpstreamPath) || !CarriesGraphQl(facts.Query))
        {
            return null;
        }

        var method = facts.Method ?? string.Empty;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            return Unreadable("GraphQL parameters (query, operationName, variables, extensions) in the URL of a request other than GET are not judged; send them in the body");
        }

        var request = Read(facts.Query);
        var problem = request.Problem
            ?? (request.OperationType == "mutation" ? "a GraphQL mutation is never sent with GET; use POST" : null);
        persistedOnly = problem is null && !request.HasDocument;
        return problem is null ? null : Unreadable(problem);
    }

    private static RuleDecision Unreadable(string problem) =>
        new(RuleOutcome.UnreadableContent, null, [], $"The GraphQL request cannot be judged: {problem}.");

    /// <summary>The query string read as a GraphQL request: each parameter at most once, variables and extensions strict JSON.</summary>
    public static GraphQlRequest Read(string query)
    {
        var parameters = QueryHelpers.ParseQuery(query);
        if (parameters.Values.Any(values => values.Count != 1))
        {
            return GraphQlRequest.Unreadable("a GraphQL GET gives a parameter twice (compared ignoring case)");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in parameters)
            {
                if (!Parameters.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                writer.WritePropertyName(name);
                if (!JsonParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    writer.WriteStringValue(values.ToString());
                    continue;
                }

                try
                {
                    writer.WriteRawValue(values.ToString(), skipInputValidation: false);
                }
                catch (JsonException)
                {
                    return GraphQlRequest.Unreadable("'variables' and 'extensions' of a GraphQL GET must be JSON");
                }
            }

            writer.WriteEndObject();
        }

        using var body = StrictJsonBody.Read(buffer.WrittenMemory, "application/json", default);
        return body.IsReadable ? GraphQlRequestReader.Read(body.Root) : GraphQlRequest.Unreadable(body.Problem!);
    }

    private static bool CarriesGraphQl(string query)
    {
        if (query.Length <= 1)
        {
            return false;
        }

        foreach (var name in QueryHelpers.ParseQuery(query).Keys)
        {
            if (Parameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

}
