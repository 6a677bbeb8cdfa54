using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Rules.Packs;

/// <summary>
/// One reviewed, built-in rule pack (<c>src/Latchkey/Rules/Packs/*.yaml</c>): rules written against
/// one provider preset's API, with no provider named, that a rules.yaml includes for one of its
/// providers (<see cref="RulePackExpander"/>). Its rules are parsed by <see cref="RulesFileParser"/>
/// like any other rule; <see cref="Sample"/> holds them as parsed once with the parameters' examples.
/// </summary>
internal sealed partial record RulePack
{
    public required string Name { get; init; }

    /// <summary>The providers.yaml <c>preset:</c> a provider must use for this pack to be included for it.</summary>
    public required string Preset { get; init; }

    public required string Description { get; init; }

    /// <summary>The scopes its allow and approve rules require unless the include gives <c>scopes:</c>.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    public required IReadOnlyList<RulePackParameter> Parameters { get; init; }

    /// <summary>Each rule's id (without the <c>pack:</c> prefix) and action, in file order.</summary>
    public required IReadOnlyList<(string Id, RuleAction Action)> RuleActions { get; init; }

    /// <summary>The rules as <c>latchkey rules packs</c> shows them: ids prefixed, parameters filled with their examples.</summary>
    public IReadOnlyList<RuleDefinition> Sample { get; init; } = [];

    /// <summary>The pack file's text, with <c>${name}</c> where a parameter's values go.</summary>
    internal required string Text { get; init; }

    public string FileName => "packs/" + Name + ".yaml";

    /// <summary>The id a rule of this pack has once included: <c>pack:gmail.read_only/list-messages</c>.</summary>
    public string RuleId(string localId) => $"pack:{Name}/{localId}";

    /// <summary>
    /// The pack's rule mappings with every <c>${name}</c> replaced by its values. Each value is
    /// written as a JSON string (valid YAML) after <see cref="RulePackParameter.Pattern"/> has checked
    /// it, so no value can change the document's structure.
    /// </summary>
    public YamlSequenceNode RuleNodes(IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        var text = Placeholder().Replace(Text, match => JsonSerializer.Serialize(values[match.Groups["name"].Value]));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return (YamlSequenceNode)root.Children[new YamlScalarNode("rules")];
    }

    [GeneratedRegex(@"\$\{(?<name>[a-z_]+)\}", RegexOptions.CultureInvariant)]
    internal static partial Regex Placeholder();
}
