using System.Text.RegularExpressions;
using Latchkey.Providers;
using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Rules.Packs;

/// <summary>
/// Reads rules.yaml's <c>include:</c> list and turns each entry into the pack's rules for the named
/// provider (docs/configuration.md, "Rule packs"). An include may only narrow a pack: replace its
/// scopes, make its allow and approve rules stricter, leave some of them out, and it must fill every
/// parameter. The rules are parsed by <see cref="RulesFileParser"/>, so they are checked exactly as
/// rules written in the file; any problem is an error at the include's line.
/// </summary>
internal static partial class RulePackExpander
{
    public const string Key = "include";
    public const int MaxIncludes = 100;

    private static readonly string[] IncludeKeys = ["pack", "provider", "scopes", "action", "exclude", "params"];

    [GeneratedRegex(@"^\{[A-Za-z_][A-Za-z0-9_]*\}\z", RegexOptions.CultureInvariant)]
    private static partial Regex WholeSegmentParameter();

    /// <summary>The rules of every valid include entry, in order; errors go to the reader's diagnostics.</summary>
    /// <param name="catalog">The packs that may be named; the built-in ones unless a test gives others.</param>
    public static List<RuleDefinition> Expand(
        YamlMappingReader root,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlySet<string>? declaredProviders,
        IReadOnlyDictionary<string, RulePack>? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var rules = new List<RuleDefinition>();
        var sequence = root.Sequence(Key);
        if (sequence is null)
        {
            return rules;
        }

        if (sequence.Children.Count > MaxIncludes)
        {
            root.Diagnostics.Error(YamlMappingReader.LineOf(sequence), Key, $"has {sequence.Children.Count} entries; at most {MaxIncludes} are allowed");
            return rules;
        }

        var seen = new HashSet<(string Pack, string Provider)>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var path = $"{Key}[{i}]";
            if (node is not YamlMappingNode entry)
            {
                root.Diagnostics.Error(YamlMappingReader.LineOf(node), path, "each entry must be a mapping such as '- { pack: gmail.read_only, provider: mail }'");
                continue;
            }

            var include = Read(new YamlMappingReader(entry, path, root.Diagnostics, IncludeKeys), providers, declaredProviders, catalog ?? RulePackCatalog.All);
            if (include is null)
            {
                continue;
            }

            if (!seen.Add((include.Pack.Name, include.Provider.Name)))
            {
                root.Diagnostics.Error(include.Line, path + ".pack", $"pack '{include.Pack.Name}' is already included for provider '{include.Provider.Name}'");
                continue;
            }

            rules.AddRange(Instantiate(include, providers, root.Diagnostics));
        }

        return rules;
    }

    /// <summary>
    /// The pack's rules for the include's provider: path templates made relative to the provider's
    /// upstream base path, parsed as rules.yaml rules, then given the pack's ids, the include's line,
    /// scopes and action. A rule that does not parse is an error at the include's line.
    /// </summary>
    internal static List<RuleDefinition> Instantiate(RulePackInclude include, IReadOnlyDictionary<string, ProviderDefinition> providers, ConfigDiagnostics diagnostics)
    {
        var pack = include.Pack;
        var rules = new List<RuleDefinition>();
        var basePath = include.Provider.Upstream.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        foreach (var node in include.Pack.RuleNodes(include.Values).Children.Cast<YamlMappingNode>())
        {
            var id = ((YamlScalarNode)node.Children[new YamlScalarNode("id")]).Value!;
            if (include.Exclude.Contains(id))
            {
                continue;
            }

            var problems = new ConfigDiagnostics(pack.FileName);
            var rule = RulesFileParser.ParseRuleNode(Relocate(node, include.Provider.Name, basePath, problems), "rules", problems, providers, null);
            foreach (var problem in problems.Errors)
            {
                diagnostics.Error(include.Line, include.KeyPath, $"pack '{pack.Name}' rule '{id}' does not fit provider '{include.Provider.Name}': {problem.Key}: {problem.Message}");
            }

            if (rule is null || problems.HasErrors)
            {
                continue;
            }

            var guard = rule.Action == RuleAction.Deny;
            rules.Add(rule with
            {
                Id = pack.RuleId(id),
                Pack = pack.Name,
                Line = include.Line,
                Scopes = guard ? [] : include.Scopes ?? pack.Scopes,
                Action = guard ? RuleAction.Deny : include.Action ?? rule.Action,
            });
        }

        return rules;
    }

    private static RulePackInclude? Read(
        YamlMappingReader reader,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlySet<string>? declaredProviders,
        IReadOnlyDictionary<string, RulePack> catalog)
    {
        var diagnostics = reader.Diagnostics;
        var before = diagnostics.Errors.Count;
        var packName = reader.String("pack", required: true);
        var pack = packName is null ? null : catalog.GetValueOrDefault(packName);
        if (packName is not null && pack is null)
        {
            diagnostics.Error(reader.LineOfKey("pack"), reader.KeyPath("pack"),
                $"unknown rule pack '{packName}' (known: {string.Join(", ", catalog.Keys.Order(StringComparer.Ordinal))}; `latchkey rules packs` lists them)");
        }

        var provider = ReadProvider(reader, pack, providers, declaredProviders);
        var scopes = reader.StringList("scopes", itemPattern: RulesFileParser.Scope(), patternHint: RulesFileParser.ScopeHint);
        var action = ReadAction(reader, pack);
        var exclude = ReadExclude(reader, pack);
        var values = pack is null ? null : RulePackParameters.Read(reader, pack);
        if (pack is null || provider is null || values is null || diagnostics.Errors.Count != before)
        {
            return null;
        }

        return new RulePackInclude
        {
            Pack = pack,
            Provider = provider,
            Scopes = scopes,
            Action = action,
            Exclude = exclude,
            Values = values,
            Line = YamlMappingReader.LineOf(reader.Node),
            KeyPath = reader.Path,
        };
    }

    private static ProviderDefinition? ReadProvider(
        YamlMappingReader reader,
        RulePack? pack,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlySet<string>? declaredProviders)
    {
        var name = reader.String("provider", required: true);
        if (name is null)
        {
            return null;
        }

        var line = reader.LineOfKey("provider");
        var key = reader.KeyPath("provider");
        if (declaredProviders is not null && !declaredProviders.Contains(name))
        {
            reader.Diagnostics.Error(line, key, $"unknown provider '{name}' (not in providers.yaml)");
            return null;
        }

        // A provider with errors of its own is reported in providers.yaml.
        if (!providers.TryGetValue(name, out var provider) || pack is null)
        {
            return null;
        }

        if (provider.Kind != ProviderKind.Http || provider.Preset != pack.Preset)
        {
            reader.Diagnostics.Error(line, key,
                $"pack '{pack.Name}' is written for the {pack.Preset} API: provider '{name}' must be an HTTP provider with preset: {pack.Preset} "
                + $"(it has {(provider.Preset is null ? "no preset" : "preset: " + provider.Preset)})");
            return null;
        }

        return provider;
    }

    /// <summary>
    /// <c>action:</c> may only make the pack's allow and approve rules stricter (allow, then approve,
    /// then deny); it never touches the pack's deny rules.
    /// </summary>
    private static RuleAction? ReadAction(YamlMappingReader reader, RulePack? pack)
    {
        RuleAction? action = reader.String("action") switch
        {
            null => null,
            "allow" => RuleAction.Allow,
            "approve" => RuleAction.Approve,
            "deny" => RuleAction.Deny,
            var other => Invalid(other),
        };
        var loosened = action is null || pack is null ? null
            : pack.RuleActions.FirstOrDefault(rule => rule.Action != RuleAction.Deny && Strictness(rule.Action) > Strictness(action.Value)).Id;
        if (loosened is not null)
        {
            reader.Diagnostics.Error(reader.LineOfKey("action"), reader.KeyPath("action"),
                $"would loosen pack rule '{loosened}' ({pack!.RuleActions.First(r => r.Id == loosened).Action.ToString().ToLowerInvariant()}): "
                + "an include may only make rules stricter (allow -> approve -> deny)");
        }

        return action;

        RuleAction? Invalid(string text)
        {
            reader.Diagnostics.Error(reader.LineOfKey("action"), reader.KeyPath("action"), $"'{text}' is not valid: use approve or deny (or allow, which changes nothing)");
            return null;
        }
    }

    private static HashSet<string> ReadExclude(YamlMappingReader reader, RulePack? pack)
    {
        var exclude = new HashSet<string>(StringComparer.Ordinal);
        var ids = reader.StringList("exclude");
        if (ids is null || pack is null)
        {
            return exclude;
        }

        var line = reader.LineOfKey("exclude");
        var key = reader.KeyPath("exclude");
        foreach (var id in ids)
        {
            var rule = pack.RuleActions.FirstOrDefault(r => r.Id == id);
            if (rule.Id is null)
            {
                reader.Diagnostics.Error(line, key, $"pack '{pack.Name}' has no rule '{id}' (its rules: {string.Join(", ", pack.RuleActions.Select(r => r.Id))})");
            }
            else if (rule.Action == RuleAction.Deny)
            {
                reader.Diagnostics.Error(line, key, $"'{id}' is a deny rule of the pack: its guards cannot be left out");
            }
            else if (!exclude.Add(id))
            {
                reader.Diagnostics.Error(line, key, $"'{id}' is listed twice");
            }
        }

        if (exclude.Count > 0 && pack.RuleActions.All(r => r.Action == RuleAction.Deny || exclude.Contains(r.Id)))
        {
            reader.Diagnostics.Error(line, key, "leaves out every rule that lets a request through: remove the include instead");
        }

        return exclude;
    }

    /// <summary>
    /// The rule mapping with the include's provider added and its path made relative to the
    /// provider's upstream base path (a pack writes paths from the host root; rules.yaml paths are
    /// relative to the upstream's path, docs/configuration.md).
    /// </summary>
    private static YamlMappingNode Relocate(YamlMappingNode rule, string provider, string[] basePath, ConfigDiagnostics problems)
    {
        var relocated = new YamlMappingNode();
        foreach (var (key, value) in rule.Children)
        {
            if (key is YamlScalarNode { Value: "path" } && value is YamlScalarNode { Value: { } path })
            {
                var relative = Relative(path, basePath);
                if (relative is null)
                {
                    problems.Error(YamlMappingReader.LineOf(value), "path",
                        $"'{path}' is not under the upstream base path '/{string.Join('/', basePath)}': give the provider an upstream without that path");
                }

                relocated.Add(key, new YamlScalarNode(relative ?? path));
                continue;
            }

            relocated.Add(key, value);
        }

        relocated.Add(new YamlScalarNode("provider"), new YamlScalarNode(provider));
        return relocated;
    }

    /// <summary>The template without its first segments that the base path fills (a literal equal ignoring case, or a whole-segment parameter); null when it does not.</summary>
    internal static string? Relative(string template, IReadOnlyList<string> basePath)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < basePath.Count)
        {
            return null;
        }

        for (var i = 0; i < basePath.Count; i++)
        {
            if (!string.Equals(segments[i], basePath[i], StringComparison.OrdinalIgnoreCase) && !WholeSegmentParameter().IsMatch(segments[i]))
            {
                return null;
            }
        }

        return "/" + string.Join('/', segments.Skip(basePath.Count));
    }

    private static int Strictness(RuleAction action) => action switch
    {
        RuleAction.Allow => 0,
        RuleAction.Approve => 1,
        _ => 2,
    };
}
