namespace Latchkey.Config;

/// <summary>An immutable, validated view of both config files, replaced as a whole on reload.</summary>
public sealed record ConfigSnapshot
{
    public required IReadOnlyDictionary<string, ProviderDefinition> Providers { get; init; }

    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    /// <summary>rules.yaml's <c>mode:</c>; <see cref="RulesMode.Enforce"/> unless the file says shadow.</summary>
    public RulesMode RulesMode { get; init; } = RulesMode.Enforce;

    /// <summary>The MCP tools of <c>tools.yaml</c> (docs/mcp.md); empty when the file is absent.</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>Hash of both files' content: changes exactly when the config does.</summary>
    public required string Version { get; init; }
}
