using Latchkey.Rules.Conditions;

namespace Latchkey.Rules.GraphQl;

/// <summary>
/// The subject of a rule's <c>graphql:</c> key: the operation the JSON body asks the server to run.
/// A body that is not one readable GraphQL request makes the request unreadable (400), whichever
/// the rule's action: a deny rule cannot be dodged by a document Latchkey cannot judge.
/// </summary>
internal sealed class GraphQlSubject() : ConditionSubject("graphql", "operation")
{
    public static GraphQlSubject Instance { get; } = new();

    public override bool ReadsBody => true;

    public override ConditionValue Read(in RequestFacts facts)
    {
        if (!facts.Body.IsReadable)
        {
            return ConditionValue.Unreadable(facts.Body.Problem!);
        }

        var request = facts.Body.GraphQl;
        return request.IsReadable ? ConditionValue.Of(request) : ConditionValue.Unreadable(request.Problem!);
    }

    public override string ToString() => Kind;
}
