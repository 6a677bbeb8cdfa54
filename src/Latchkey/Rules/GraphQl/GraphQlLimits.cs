
namespace Latchkey.Rules.GraphQl;

/// <summary>The bounds on what Latchkey parses of a GraphQL request before judging it; anything past them is unreadable (400).</summary>
internal static class GraphQlLimits
{
    /// <summary>Characters of the <c>query</c> document.</summary>
    public const int MaxDocumentChars = 64 * 1024;

    /// <summary>AST depth the parser may reach (GraphQL-Parser's <c>MaxDepth</c>).</summary>
    public const int MaxDepth = 64;

    /// <summary>Operations and fragments in one document.</summary>
    public const int MaxDefinitions = 64;

    /// <summary>Top-level fields of the selected operation, fragments spread there included.</summary>
    public const int MaxTopLevelFields = 64;

    /// <summary>Fragments spread inside fragments at the top level.</summary>
    public const int MaxFragmentNesting = 8;
}
