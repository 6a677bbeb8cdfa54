namespace Latchkey.Providers;

/// <summary>
/// One entry of a provider's <c>batch:</c> map: an upstream path that carries many requests in one
/// body, and how they are packed. The path is literal but for whole <c>{name}</c> segments, each
/// matching one non-empty segment (Salesforce's <c>/services/data/{version}/composite</c>).
/// </summary>
public sealed class BatchEndpoint
{
    private readonly string[] _segments;

    public BatchEndpoint(string path, BatchFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Format = format;
        _segments = path.Split('/');
    }

    /// <summary>The path as providers.yaml (or the preset) spells it.</summary>
    public string Path { get; }

    public BatchFormat Format { get; }

    /// <summary>True when the canonical upstream path <paramref name="upstreamPath"/> is this endpoint.</summary>
    public bool Matches(string upstreamPath)
    {
        ArgumentNullException.ThrowIfNull(upstreamPath);
        var span = upstreamPath.AsSpan();
        var index = 0;
        foreach (var range in span.Split('/'))
        {
            if (index == _segments.Length)
            {
                return false;
            }

            var segment = span[range];
            var expected = _segments[index++];
            var matches = expected.StartsWith('{')
                ? !segment.IsEmpty
                : segment.Equals(expected, StringComparison.Ordinal);
            if (!matches)
            {
                return false;
            }
        }

        return index == _segments.Length;
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
