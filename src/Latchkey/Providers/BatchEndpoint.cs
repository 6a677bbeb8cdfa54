namespace Latchkey.Providers;

/// <summary>
/// One entry of a provider's <c>batch:</c> map: an upstream path that carries many requests in one
/// body, and how they are packed. The path is literal but for whole <c>{name}</c> segments, each
/// matching one non-empty segment (Salesforce's <c>/services/data/{version}/composite</c>). Which
/// request addresses it is the rules' question (<c>Rules/ProviderEndpoints</c>): exactly those a
/// rule with the same path would match.
/// </summary>
public sealed class BatchEndpoint
{
    public BatchEndpoint(string path, BatchFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Format = format;
    }

    /// <summary>The path as providers.yaml (or the preset) spells it.</summary>
    public string Path { get; }

    public BatchFormat Format { get; }
}
