using Latchkey.Rules;

namespace Latchkey.Providers;

/// <summary>
/// One entry of a provider's <c>graphql:</c> list: a literal upstream path that serves GraphQL over
/// HTTP. A request addresses it exactly when a rule with the same path would match the request
/// (literal segments compare ignoring case, one trailing <c>/</c> is ignored), as for
/// <see cref="BatchEndpoint"/>: the checks GraphQL paths get cannot be dodged by another spelling.
/// </summary>
public sealed class GraphQlEndpoint
{
    private readonly PathTemplate _template;

    public GraphQlEndpoint(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        _template = PathTemplate.Parse(path);
    }

    /// <summary>The path as providers.yaml (or the preset) spells it.</summary>
    public string Path { get; }

    /// <summary>True when the canonical upstream path <paramref name="upstreamPath"/> is this endpoint, in any spelling a rule template matches.</summary>
    public bool Matches(string upstreamPath)
    {
        ArgumentNullException.ThrowIfNull(upstreamPath);
        return _template.Matches(upstreamPath);
    }

    /// <summary>Whether <paramref name="upstreamPath"/> addresses one of <paramref name="endpoints"/>. Indexed: every GET to a provider is checked.</summary>
    public static bool Any(IReadOnlyList<GraphQlEndpoint> endpoints, string upstreamPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Matches(upstreamPath))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Path;
}
