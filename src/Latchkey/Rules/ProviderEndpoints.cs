using System.Runtime.CompilerServices;
using Latchkey.Providers;

namespace Latchkey.Rules;

/// <summary>
/// Which of a provider's batch and GraphQL endpoints a request addresses: exactly those a rule with
/// the same path would match (literal segments compare ignoring case, one trailing <c>/</c> is
/// ignored), so the checks these paths get cannot be dodged by another spelling. Each endpoint's
/// template is compiled once and kept for as long as the endpoint (its config) lives.
/// </summary>
internal static class ProviderEndpoints
{
    private static readonly ConditionalWeakTable<BatchEndpoint, PathTemplate> BatchTemplates = [];
    private static readonly ConditionalWeakTable<GraphQlEndpoint, PathTemplate> GraphQlTemplates = [];

    /// <summary>The endpoint of <paramref name="endpoints"/> that the canonical upstream path <paramref name="upstreamPath"/> addresses, or null.</summary>
    public static BatchEndpoint? FindBatch(IReadOnlyList<BatchEndpoint> endpoints, string upstreamPath) =>
        IndexOf(endpoints, BatchTemplates, static e => PathTemplate.Parse(e.Path), upstreamPath) is var i and >= 0 ? endpoints[i] : null;

    /// <summary>Whether the canonical upstream path <paramref name="upstreamPath"/> addresses one of <paramref name="endpoints"/>.</summary>
    public static bool IsGraphQl(IReadOnlyList<GraphQlEndpoint> endpoints, string upstreamPath) =>
        IndexOf(endpoints, GraphQlTemplates, static e => PathTemplate.Parse(e.Path), upstreamPath) >= 0;

    private static int IndexOf<T>(
        IReadOnlyList<T> endpoints, ConditionalWeakTable<T, PathTemplate> templates, ConditionalWeakTable<T, PathTemplate>.CreateValueCallback compile, string upstreamPath)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(upstreamPath);
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (templates.GetValue(endpoints[i], compile).Matches(upstreamPath))
            {
                return i;
            }
        }

        return -1;
    }
}
