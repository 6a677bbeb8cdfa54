using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Rules.Packs;

/// <summary>
/// Reads an include's <c>params:</c>: every parameter the pack declares must be given, as a list of
/// 1 to <see cref="RulePackParameter.MaxValues"/> strings each matching the parameter's pattern; a
/// pack with a parameter left unfilled would have a rule with an empty or missing condition, so
/// it is an error, never a rule that matches more.
/// </summary>
internal static class RulePackParameters
{
    public const string Key = "params";

    /// <summary>The values by parameter name, or null when an error was recorded.</summary>
    public static Dictionary<string, IReadOnlyList<string>>? Read(YamlMappingReader include, RulePack pack)
    {
        var diagnostics = include.Diagnostics;
        var before = diagnostics.Errors.Count;
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var given = include.Mapping(Key);
        foreach (var (keyNode, valueNode) in given?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var path = include.KeyPath(Key) + "." + name;
            var parameter = pack.Parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                diagnostics.Error(YamlMappingReader.LineOf(keyNode), path, pack.Parameters.Count == 0
                    ? $"pack '{pack.Name}' takes no parameters"
                    : $"pack '{pack.Name}' has no parameter '{name}' (its parameters: {string.Join(", ", pack.Parameters.Select(p => p.Name))})");
                continue;
            }

            if (ReadValues(valueNode, path, parameter, diagnostics) is { } list)
            {
                values[name] = list;
            }
        }

        foreach (var missing in pack.Parameters.Where(p => !values.ContainsKey(p.Name) && diagnostics.Errors.Count == before))
        {
            diagnostics.Error(include.LineOfKey(given is null ? "pack" : Key), include.KeyPath(Key) + "." + missing.Name,
                $"is required by pack '{pack.Name}': {missing.Description}, e.g. params: {{ {missing.Name}: [{missing.Example}] }}");
        }

        return diagnostics.Errors.Count == before ? values : null;
    }

    private static List<string>? ReadValues(YamlNode node, string path, RulePackParameter parameter, ConfigDiagnostics diagnostics)
    {
        if (node is not YamlSequenceNode { Children.Count: > 0 and <= RulePackParameter.MaxValues } sequence)
        {
            diagnostics.Error(YamlMappingReader.LineOf(node), path, $"must list 1 to {RulePackParameter.MaxValues} values, e.g. [{parameter.Example}]");
            return null;
        }

        var values = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is not YamlScalarNode { Value: { } text } || !parameter.Pattern.IsMatch(text))
            {
                diagnostics.Error(YamlMappingReader.LineOf(item), $"{path}[{i}]", $"is not valid: {parameter.Description}, e.g. {parameter.Example}");
                continue;
            }

            values.Add(text);
        }

        return values.Count == sequence.Children.Count ? values : null;
    }
}
