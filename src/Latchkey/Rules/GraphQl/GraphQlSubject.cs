using Latchkey.Rules.Conditions;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// The subject of a rule's <c>graphql:</c> key: the operation the JSON body (or, for a GET, the
/// query string) asks the server to run.
/// A body that is not one readable GraphQL request makes the request unreadable (400), whichever
/// the rule's action: a deny rule cannot be dodged by a document Latchkey cannot judge.
/// </summary>
internal sealed class GraphQlSubject() : ConditionSubject("graphql", "operation")
{
    public static GraphQlSubject Instance { get; } = new();

    public override bool ReadsBody => true;

    public override ConditionValue Read(in RequestFacts facts)
    {
        if (HttpMethods.IsGet(facts.Method ?? string.Empty))
        {
            // GraphQL over GET: the document is in the query string, judged as the POST body would be.
            var fromQuery = GraphQlGetRequest.Read(facts.Query);
            return fromQuery.IsReadable ? ConditionValue.Of(fromQuery) : ConditionValue.Unreadable(fromQuery.Problem!);
        }

        if (!facts.Body.IsReadable)
        {
            return ConditionValue.Unreadable(facts.Body.Problem!);
        }

        var request = facts.Body.GraphQl;
        return request.IsReadable ? ConditionValue.Of(request) : ConditionValue.Unreadable(request.Problem!);
    }

    public override string ToString() => Kind;
}
