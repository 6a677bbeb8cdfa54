
namespace Latchkey.Rules.Conditions;

/// <summary>
/// What a rule's conditions may read of one request: the canonical upstream path, the raw query,
/// the headers and, when a matching rule reads it, the strictly parsed body. A struct passed by
/// reference, so a request whose rules have no conditions pays nothing for it.
/// </summary>
public readonly struct RequestFacts
{
    public RequestFacts(string upstreamPath, string query, IHeaderDictionary? headers, InspectedBody? body)
    {
        UpstreamPath = upstreamPath;
        Query = query;
        Headers = headers;
        Body = body ?? InspectedBody.NotRead;
    }

    /// <summary>The canonical (decoded) upstream path the rules match.</summary>
    public string UpstreamPath { get; }

    /// <summary>The raw query string, "" or starting with '?'.</summary>
    public string Query { get; }

    public IHeaderDictionary? Headers { get; }

    public InspectedBody Body { get; }

    /// <summary>The request's method, when the caller knows it: a GraphQL GET carries its document in the query.</summary>
    public string? Method { get; init; }

    /// <summary>
    /// A GraphQL GET that carries a persisted-query hash without its document: only rules that judge
    /// the operation (a <c>graphql:</c> key, which then must list the hash) and deny rules count, so a
    /// broad <c>GET /**</c> allow cannot run a stored document no rule has seen.
    /// </summary>
    public bool OnlyGraphQlRules { get; init; }

    /// <summary>Only a path: what callers that judge a route without a request (tests, the linter) have.</summary>
    public static RequestFacts OfPath(string upstreamPath) => new(upstreamPath, string.Empty, null, null);
}
