using Latchkey.Rules;

namespace Latchkey.Providers;

/// <summary>
/// One entry of a provider's <c>batch:</c> map: an upstream path that carries many requests in one
/// body, and how they are packed. The path is literal but for whole <c>{name}</c> segments, each
/// matching one non-empty segment (Salesforce's <c>/services/data/{version}/composite</c>). A
/// request addresses it exactly when a rule with the same path would match the request: literal
/// segments compare ignoring case and one trailing <c>/</c> is ignored, so no spelling an upstream
/// reads as its batch endpoint is forwarded unjudged.
/// </summary>
public sealed class BatchEndpoint
{
    private readonly PathTemplate _template;

    public BatchEndpoint(string path, BatchFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Format = format;
        _template = PathTemplate.Parse(path);
    }

    /// <summary>The path as providers.yaml (or the preset) spells it.</summary>
    public string Path { get; }

    public BatchFormat Format { get; }

    /// <summary>True when the canonical upstream path <paramref name="upstreamPath"/> is this endpoint, in any spelling a rule template matches.</summary>
    public bool Matches(string upstreamPath)
    {
        ArgumentNullException.ThrowIfNull(upstreamPath);
        return _template.Matches(upstreamPath);
    }

    /// <summary>The endpoint of <paramref name="endpoints"/> that <paramref name="upstreamPath"/> addresses, or null.</summary>
    public static BatchEndpoint? Find(IReadOnlyList<BatchEndpoint> endpoints, string upstreamPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Matches(upstreamPath))
            {
                return endpoints[i];
            }
        }

        return null;
    }
}
