using Latchkey.Providers;

namespace Latchkey.Rules.Packs;

/// <summary>One checked entry of rules.yaml's <c>include:</c>: which pack, for which provider, narrowed how.</summary>
internal sealed record RulePackInclude
{
    public required RulePack Pack { get; init; }

    public required ProviderDefinition Provider { get; init; }

    /// <summary><c>scopes:</c>, replacing the pack's on its allow and approve rules; null keeps the pack's.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary><c>action:</c>, given to every allow and approve rule (never weaker than the rule's own); deny rules keep deny.</summary>
    public RuleAction? Action { get; init; }

    /// <summary><c>exclude:</c>: ids of the pack's rules left out.</summary>
    public IReadOnlySet<string> Exclude { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>params:</c>: every parameter of the pack with its checked values.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; init; }

    /// <summary>The line of the include entry in rules.yaml: every included rule's <see cref="RuleDefinition.Line"/>.</summary>
    public required int Line { get; init; }

    public required string KeyPath { get; init; }
}
