using Latchkey.Providers;
using Latchkey.Rules;

namespace Latchkey.Config;

/// <summary>An immutable, validated view of both config files, replaced as a whole on reload.</summary>
public sealed record ConfigSnapshot
{
    public required IReadOnlyDictionary<string, ProviderDefinition> Providers { get; init; }

    /// <summary>rules.yaml's rules as written; setting them compiles <see cref="RuleSet"/> once, here.</summary>
    public required IReadOnlyList<RuleDefinition> Rules
    {
        get => RuleSet.Rules;
        init => RuleSet = RuleSet.Compile(value);
    }

    /// <summary>
    /// The rules compiled when the snapshot is built (as YARP builds its runtime model when a config
    /// is applied): every request, explain and tool listing reads this one instance, so nothing
    /// compiles per request and no second cache keeps its own copy.
    /// </summary>
    public RuleSet RuleSet { get; private init; } = RuleSet.Compile([]);

    /// <summary>rules.yaml's <c>mode:</c>; <see cref="RulesMode.Enforce"/> unless the file says shadow.</summary>
    public RulesMode RulesMode { get; init; } = RulesMode.Enforce;

    /// <summary>The MCP tools of <c>tools.yaml</c> (docs/mcp.md); empty when the file is absent.</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>Hash of both files' content: changes exactly when the config does.</summary>
    public required string Version { get; init; }
}
