namespace Latchkey.Providers;

/// <summary>
/// One entry of a provider's <c>graphql:</c> list: a literal upstream path that serves GraphQL over
/// HTTP. Which request addresses it is the rules' question (<c>Rules/ProviderEndpoints</c>), as for
/// <see cref="BatchEndpoint"/>.
/// </summary>
public sealed class GraphQlEndpoint
{
    public GraphQlEndpoint(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
    }

    /// <summary>The path as providers.yaml (or the preset) spells it.</summary>
    public string Path { get; }

    public override string ToString() => Path;
}
