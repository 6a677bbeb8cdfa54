using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// Reads a GraphQL-over-HTTP POST body (already read strictly as one JSON document): <c>query</c>,
/// <c>operationName</c>, <c>variables</c> and <c>extensions.persistedQuery</c>. Member names are
/// found ignoring case, as the strict reader has refused names that differ only by case. A batch
/// (a JSON array), a stored-document id, or a hash that is not the document's is unreadable.
/// </summary>
internal static class GraphQlRequestReader
{
    // Ways servers accept a stored document instead of 'query' (Relay, Hot Chocolate, graphql-ws); never judged.
    private static readonly string[] StoredDocumentMembers = ["id", "documentId", "doc_id", "queryId"];

    public static GraphQlRequest Read(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return GraphQlRequest.Unreadable("a batch of GraphQL operations (a JSON array) cannot be judged");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return GraphQlRequest.Unreadable("the body is not a GraphQL request object");
        }

        if (StoredDocumentMembers.Any(name => Member(root, name).ValueKind != JsonValueKind.Undefined))
        {
            return GraphQlRequest.Unreadable("the GraphQL request names a stored document, which cannot be judged");
        }

        var query = Member(root, "query");
        var operationName = Member(root, "operationName");
        var variables = Member(root, "variables");
        if (query.ValueKind is not (JsonValueKind.String or JsonValueKind.Undefined or JsonValueKind.Null)
            || operationName.ValueKind is not (JsonValueKind.String or JsonValueKind.Undefined or JsonValueKind.Null)
            || variables.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return GraphQlRequest.Unreadable("'query' and 'operationName' must be strings and 'variables' an object");
        }

        var hash = PersistedHash(Member(root, "extensions"), out var problem);
        if (problem is not null)
        {
            return GraphQlRequest.Unreadable(problem);
        }

        if (query.ValueKind != JsonValueKind.String)
        {
            return hash is null
                ? GraphQlRequest.Unreadable("the GraphQL request carries no document ('query')")
                : GraphQlRequest.Persisted(hash);
        }

        var document = query.GetString()!;
        if (hash is not null && !string.Equals(hash, Sha256Hex(document), StringComparison.Ordinal))
        {
            // A server may run the stored document for the hash and ignore 'query': judge neither.
            return GraphQlRequest.Unreadable("the persisted-query hash is not the hash of the GraphQL document sent");
        }

        return GraphQlDocumentReader.Read(document, operationName.ValueKind == JsonValueKind.String ? operationName.GetString() : null, hash);
    }

    /// <summary>The lower-case SHA-256 hex of a document, as Apollo's automatic persisted queries compute it.</summary>
    public static string Sha256Hex(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    private static string? PersistedHash(JsonElement extensions, out string? problem)
    {
        problem = null;
        if (extensions.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (extensions.ValueKind != JsonValueKind.Object)
        {
            problem = "'extensions' must be an object";
            return null;
        }

        var persisted = Member(extensions, "persistedQuery");
        if (persisted.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        var hash = persisted.ValueKind == JsonValueKind.Object ? Member(persisted, "sha256Hash") : default;
        if (hash.ValueKind != JsonValueKind.String || hash.GetString() is not { Length: 64 } text || !text.All(char.IsAsciiHexDigit))
        {
            problem = "'extensions.persistedQuery' must carry a 64-digit hex 'sha256Hash'";
            return null;
        }

        return text.ToLowerInvariant();
    }

    private static JsonElement Member(JsonElement target, string name)
    {
        foreach (var member in target.EnumerateObject())
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return member.Value;
            }
        }

        return default;
    }
}
