using Latchkey.Providers;

namespace Latchkey.Rules;

/// <summary>One entry of <c>rules.yaml</c>.</summary>
public sealed record RuleDefinition
{
    public required string Id { get; init; }

    public required string Provider { get; init; }

    /// <summary>Upper-case HTTP methods.</summary>
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>ASP.NET route template over the upstream path, starting with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// For a rule of a <c>kind: mcp</c> provider: the tool it names (<c>tool:</c>, <c>*</c> for every
    /// tool); then <see cref="Methods"/> is <c>[tools/call]</c> and <see cref="Path"/> <c>/{tool}</c>.
    /// Null for HTTP rules and for <c>mcp_methods:</c> rules.
    /// </summary>
    public string? Tool { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public RuleAction Action { get; init; } = RuleAction.Allow;

    /// <summary>Overrides the provider's credential mode when set.</summary>
    public CredentialMode? Credential { get; init; }

    /// <summary>The rule's <c>when:</c> conditions, compiled at load; null when it has none (docs/rules-conditions.md).</summary>
    public Rules.Conditions.RuleConditions? Conditions { get; init; }

    /// <summary>
    /// <c>batch: whole</c>: on a provider's batch path, this rule judges the batch as one request
    /// instead of its sub-requests being judged one by one (dangerous; docs/rules-conditions.md, "Batch requests").
    /// </summary>
    public bool WholeBatch { get; init; }

    /// <summary>
    /// The built-in rule pack the rule comes from (<c>include:</c>, <see cref="Packs.RulePackExpander"/>), or
    /// null for a rule written in rules.yaml. A pack rule's id is <c>pack:{pack}/{rule}</c>, unique
    /// together with its provider, and its <see cref="Line"/> is that of its include entry.
    /// </summary>
    public string? Pack { get; init; }

    /// <summary>Where the rule comes from, as <c>GET /v1/rules</c> shows it: <c>rules.yaml</c> or <c>pack:gmail.read_only</c>.</summary>
    public string Origin => Pack is null ? "rules.yaml" : "pack:" + Pack;

    /// <summary>Line in rules.yaml where the rule starts, for error messages and explain output.</summary>
    public int Line { get; init; }
}
