using System.Text.RegularExpressions;
using Latchkey.Providers;
using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Rules.Packs;

/// <summary>
/// The built-in rule packs, read once from the assembly's embedded <c>Rules/Packs/*.yaml</c>. Each
/// is checked strictly and its rules parsed by <see cref="RulesFileParser"/> with its parameters'
/// examples, so a pack that would not load as rules.yaml fails the first load (and the unit tests),
/// never a user's include.
/// </summary>
internal static class RulePackCatalog
{
    private const string ResourcePrefix = "Latchkey.Rules.Packs.";

    private static readonly string[] PackFields = ["pack", "preset", "description", "scopes", "params", "rules"];
    private static readonly string[] ParameterFields = ["description", "pattern", "example"];

    // A pack leaves the provider, the scopes and the credential to its includer.
    private static readonly string[] PackRuleFields = ["id", "methods", "path", "action", Conditions.ConditionParser.Key];

    private static readonly Lazy<IReadOnlyDictionary<string, RulePack>> Packs = new(LoadEmbedded);

    /// <summary>Every built-in pack by name.</summary>
    public static IReadOnlyDictionary<string, RulePack> All => Packs.Value;

    /// <summary>Reads one pack file; throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    public static RulePack Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new ConfigDiagnostics("pack");
        var pack = YamlSafetyScanner.Scan(text, diagnostics) ? ReadPack(text, diagnostics) : null;
        if (pack is not null && !diagnostics.HasErrors)
        {
            pack = pack with { Sample = ParseSample(pack, diagnostics) };
        }

        return pack is not null && !diagnostics.HasErrors
            ? pack
            : throw new InvalidOperationException("Invalid rule pack: " + string.Join("; ", diagnostics.Errors));
    }

    private static Dictionary<string, RulePack> LoadEmbedded()
    {
        var assembly = typeof(RulePackCatalog).Assembly;
        var packs = new Dictionary<string, RulePack>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var pack = Read(reader.ReadToEnd());
            if (name != ResourcePrefix + pack.Name + ".yaml")
            {
                throw new InvalidOperationException($"Rule pack resource {name} names itself '{pack.Name}'.");
            }

            packs.Add(pack.Name, pack);
        }

        return packs;
    }

    private static RulePack? ReadPack(string text, ConfigDiagnostics diagnostics)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var reader = new YamlMappingReader((YamlMappingNode)stream.Documents[0].RootNode, string.Empty, diagnostics, PackFields);
        var name = reader.String("pack", required: true);
        var preset = reader.String("preset", required: true);
        if (preset is not null && !Providers.Presets.ProviderPresets.All.ContainsKey(preset))
        {
            diagnostics.Error(reader.LineOfKey("preset"), "preset", $"unknown preset '{preset}'");
        }

        var description = reader.String("description", required: true);
        var scopes = reader.StringList("scopes", required: true);
        var parameters = ReadParameters(reader);
        var actions = new List<(string Id, RuleAction Action)>();
        foreach (var rule in reader.Sequence("rules", required: true)?.Children ?? [])
        {
            var ruleReader = new YamlMappingReader((YamlMappingNode)rule, "rules", diagnostics, PackRuleFields);
            var id = ruleReader.String("id", required: true);
            if (id is not null && actions.Any(a => a.Id == id))
            {
                diagnostics.Error(ruleReader.LineOfKey("id"), "rules.id", $"duplicate id '{id}'");
            }

            actions.Add((id ?? string.Empty, ruleReader.String("action") switch { "deny" => RuleAction.Deny, "approve" => RuleAction.Approve, _ => RuleAction.Allow }));
        }

        var used = RulePack.Placeholder().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        if (!used.SetEquals(parameters.Select(p => p.Name)))
        {
            diagnostics.Error(0, "params", "every declared parameter must be used as ${name}, and every ${name} declared");
        }

        return name is null || preset is null || description is null || scopes is null ? null : new RulePack
        {
            Name = name,
            Preset = preset,
            Description = description,
            Scopes = scopes,
            Parameters = parameters,
            RuleActions = actions,
            Text = text,
        };
    }

    private static List<RulePackParameter> ReadParameters(YamlMappingReader pack)
    {
        var parameters = new List<RulePackParameter>();
        foreach (var (key, value) in pack.Mapping("params")?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            var reader = new YamlMappingReader((YamlMappingNode)value, "params." + name, pack.Diagnostics, ParameterFields);
            var pattern = new Regex($@"^(?:{reader.String("pattern", required: true)})\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            var example = reader.String("example", required: true) ?? string.Empty;
            if (!pattern.IsMatch(example))
            {
                pack.Diagnostics.Error(reader.LineOfKey("example"), reader.KeyPath("example"), "does not match the pattern");
            }

            parameters.Add(new RulePackParameter(name, reader.String("description", required: true) ?? string.Empty, pattern, example));
        }

        return parameters;
    }

    /// <summary>The pack's rules as parsed for a provider of its preset with no upstream base path, parameters set to their examples.</summary>
    private static List<RuleDefinition> ParseSample(RulePack pack, ConfigDiagnostics diagnostics)
    {
        var provider = new ProviderDefinition { Name = "provider", Preset = pack.Preset, Upstream = new Uri("https://pack.invalid") };
        var include = new RulePackInclude
        {
            Pack = pack,
            Provider = provider,
            Values = pack.Parameters.ToDictionary(p => p.Name, p => (IReadOnlyList<string>)[p.Example], StringComparer.Ordinal),
            Line = 0,
            KeyPath = pack.Name,
        };
        return RulePackExpander.Instantiate(include, new Dictionary<string, ProviderDefinition> { [provider.Name] = provider }, diagnostics);
    }
}
