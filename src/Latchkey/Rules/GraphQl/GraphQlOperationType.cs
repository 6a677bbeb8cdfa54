
namespace Latchkey.Rules.GraphQl;

/// <summary>The three GraphQL operation types, spelled as rules write them.</summary>
internal static class GraphQlOperationType
{
    public const string Query = "query";
    public const string Mutation = "mutation";
    public const string Subscription = "subscription";

    public static readonly string[] All = [Query, Mutation, Subscription];
}
