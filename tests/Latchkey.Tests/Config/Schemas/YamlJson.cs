using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Tests.Config.Schemas;

/// <summary>
/// YAML to JSON as editors see it (YAML 1.2 core schema, as the YAML language server does): plain
/// <c>true</c>, <c>42</c> and <c>~</c> become a boolean, a number and null; quoted values stay text.
/// </summary>
internal static partial class YamlJson
{
    [GeneratedRegex("^(null|Null|NULL|~|)$", RegexOptions.CultureInvariant)]
    private static partial Regex Null();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$", RegexOptions.CultureInvariant)]
    private static partial Regex Boolean();

    [GeneratedRegex(@"^[-+]?([0-9]+|[0-9]*\.[0-9]+([eE][-+]?[0-9]+)?|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>The document's root as JSON; null for an empty document.</summary>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (Null().IsMatch(text))
        {
            return null;
        }

        if (Boolean().IsMatch(text))
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        return Number().IsMatch(text)
            ? JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))
            : JsonValue.Create(text);
    }
}
