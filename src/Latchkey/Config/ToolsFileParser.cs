using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Latchkey.Rules;
using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Config;

/// <summary>Maps the tree of <c>tools.yaml</c> onto <see cref="ToolDefinition"/>s, strictly (docs/mcp.md).</summary>
internal static partial class ToolsFileParser
{
    public const string FileName = "tools.yaml";
    public const int MaxTools = 1_000;
    public const int MaxDescriptionLength = 2_048;

    private static readonly string[] RootKeys = ["tools"];
    private static readonly string[] ToolKeys = ["name", "description", "provider", "method", "path", "query", "body", "input_schema", "response"];
    private static readonly string[] ResponseKeys = ["items", "fields", "max_items"];

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();

    [GeneratedRegex(@"^[A-Za-z0-9_.$\-\[\]]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex QueryName();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,64}(\.[A-Za-z0-9_-]{1,64})*\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();

    /// <param name="root">The document's root node, or null for an empty (or absent) file: no tools.</param>
    /// <param name="declaredProviders">Every provider name in providers.yaml; null skips the "unknown provider" check.</param>
    /// <param name="diagnostics">Where errors go.</param>
    public static List<ToolDefinition> Parse(YamlNode? root, IReadOnlySet<string>? declaredProviders, ConfigDiagnostics diagnostics)
    {
        var tools = new List<ToolDefinition>();
        if (root is null)
        {
            return tools;
        }

        if (root is not YamlMappingNode rootMapping)
        {
            diagnostics.Error(YamlMappingReader.LineOf(root), "tools", "the file must start with 'tools:'");
            return tools;
        }

        var sequence = new YamlMappingReader(rootMapping, string.Empty, diagnostics, RootKeys).Sequence("tools");
        if (sequence is null)
        {
            return tools;
        }

        if (sequence.Children.Count > MaxTools)
        {
            diagnostics.Error(YamlMappingReader.LineOf(sequence), "tools", $"has {sequence.Children.Count} tools; at most {MaxTools} are allowed");
            return tools;
        }

        var firstLineByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var path = $"tools[{i}]";
            if (node is not YamlMappingNode toolNode)
            {
                diagnostics.Error(YamlMappingReader.LineOf(node), path, "each tool must be a mapping starting with '- name: ...'");
                continue;
            }

            var before = diagnostics.Errors.Count;
            var reader = new YamlMappingReader(toolNode, path, diagnostics, ToolKeys);
            var tool = ParseTool(reader, declaredProviders);
            if (tool is null || diagnostics.Errors.Count != before)
            {
                continue;
            }

            var line = reader.LineOfKey("name");
            if (firstLineByName.TryGetValue(tool.Name, out var firstLine))
            {
                diagnostics.Error(line, path + ".name", $"duplicate tool name '{tool.Name}' (lines {firstLine} and {line})");
                continue;
            }

            firstLineByName.Add(tool.Name, line);
            tools.Add(tool);
        }

        return tools;
    }

    private static ToolDefinition? ParseTool(YamlMappingReader reader, IReadOnlySet<string>? declaredProviders)
    {
        var diagnostics = reader.Diagnostics;
        var name = reader.String("name", required: true);
        if (name is not null && !ToolName().IsMatch(name))
        {
            diagnostics.Error(reader.LineOfKey("name"), reader.KeyPath("name"), "must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }

        var description = reader.String("description", required: true);
        if (description is { Length: > MaxDescriptionLength })
        {
            diagnostics.Error(reader.LineOfKey("description"), reader.KeyPath("description"), $"must be at most {MaxDescriptionLength} characters");
        }

        var provider = reader.String("provider", required: true);
        if (provider is not null && declaredProviders is not null && !declaredProviders.Contains(provider))
        {
            diagnostics.Error(reader.LineOfKey("provider"), reader.KeyPath("provider"), $"unknown provider '{provider}' (not in providers.yaml)");
        }

        var method = reader.String("method", required: true);
        if (method is not null && !RuleMethods.All.Contains(method))
        {
            diagnostics.Error(reader.LineOfKey("method"), reader.KeyPath("method"), $"must be one of {string.Join(", ", RuleMethods.All)}");
        }

        var schema = ParseSchema(reader);
        var path = reader.String("path", required: true);
        if (path is not null)
        {
            CheckPath(reader, path, schema);
        }

        var query = ParseQuery(reader, schema);
        var body = reader.Has("body")
            ? YamlJson.ToJson(reader.Node.Children.First(entry => ((YamlScalarNode)entry.Key).Value == "body").Value)
            : null;
        if (body is not null)
        {
            CheckBody(reader, body, schema, method);
        }

        var response = ParseResponse(reader);
        if (name is null || description is null || provider is null || method is null || path is null || schema is null || query is null || response is null)
        {
            return null;
        }

        return new ToolDefinition
        {
            Name = name,
            Description = description,
            Provider = provider,
            Method = method,
            Path = path,
            Query = query,
            Body = body,
            InputSchema = schema.Value.Json,
            CompiledSchema = schema.Value.Compiled,
            Response = response,
        };
    }

    private static (JsonObject Json, JsonSchema Compiled, IReadOnlySet<string> Properties, IReadOnlySet<string> Required)? ParseSchema(YamlMappingReader reader)
    {
        var mapping = reader.Mapping("input_schema", required: true);
        if (mapping is null)
        {
            return null;
        }

        var line = reader.LineOfKey("input_schema");
        var key = reader.KeyPath("input_schema");
        var json = (JsonObject)YamlJson.ToJson(mapping)!;
        if (json["type"] is not JsonValue type || type.ToString() != "object")
        {
            reader.Diagnostics.Error(line, key, "must be a JSON Schema with 'type: object' (MCP tool inputs are objects)");
            return null;
        }

        JsonSchema compiled;
        try
        {
            compiled = JsonSchema.FromText(json.ToJsonString());
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or InvalidOperationException or ArgumentException or FormatException)
        {
            reader.Diagnostics.Error(line, key, "is not a valid JSON Schema (draft 2020-12)");
            return null;
        }

        var properties = (json["properties"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var required = (json["required"] as JsonArray)?.Select(r => r?.ToString() ?? string.Empty).ToHashSet(StringComparer.Ordinal) ?? [];
        if (properties.Contains(ToolPlaceholders.ApprovalArgument))
        {
            reader.Diagnostics.Error(line, key, $"must not declare '{ToolPlaceholders.ApprovalArgument}': Latchkey reserves it for retrying an approved call");
        }

        return (json, compiled, properties, required);
    }

    private static void CheckPath(YamlMappingReader reader, string path, (JsonObject, JsonSchema, IReadOnlySet<string> Properties, IReadOnlySet<string> Required)? schema)
    {
        var line = reader.LineOfKey("path");
        var key = reader.KeyPath("path");
        if (!path.StartsWith('/') || path.Contains("//", StringComparison.Ordinal))
        {
            reader.Diagnostics.Error(line, key, "must start with '/' and have no empty segments");
            return;
        }

        foreach (var segment in path[1..].Split('/'))
        {
            foreach (var argument in ToolPlaceholders.In(segment))
            {
                if (schema is { } s && !s.Required.Contains(argument))
                {
                    reader.Diagnostics.Error(line, key, $"'{{{argument}}}' must name a required property of input_schema (a path cannot leave a segment out)");
                }
            }

            var literal = ToolPlaceholders.Pattern().Replace(segment, string.Empty);
            if (literal.IndexOfAny(['{', '}', '%', '?', '#', '\\']) >= 0 || segment is "." or "..")
            {
                reader.Diagnostics.Error(line, key, "each segment must be literal text and '{argument}' placeholders (no '%', '?', '#', dot segments or stray braces)");
            }
        }
    }

    private static List<KeyValuePair<string, string>>? ParseQuery(YamlMappingReader reader, (JsonObject, JsonSchema, IReadOnlySet<string> Properties, IReadOnlySet<string>)? schema)
    {
        var map = reader.StringMap("query");
        var query = new List<KeyValuePair<string, string>>();
        if (map is null)
        {
            return reader.Has("query") ? null : query;
        }

        foreach (var (name, template) in map)
        {
            if (!QueryName().IsMatch(name))
            {
                reader.Diagnostics.Error(reader.LineOfKey("query"), reader.KeyPath("query") + "." + name, "must be 1-64 characters of A-Z, a-z, 0-9 and _ . $ - [ ]");
            }

            CheckPlaceholders(reader, "query", template, schema?.Properties);
            query.Add(new(name, template));
        }

        return query;
    }

    private static void CheckBody(YamlMappingReader reader, JsonNode body, (JsonObject, JsonSchema, IReadOnlySet<string> Properties, IReadOnlySet<string>)? schema, string? method)
    {
        if (method is "GET" or "HEAD")
        {
            reader.Diagnostics.Error(reader.LineOfKey("body"), reader.KeyPath("body"), $"a {method} request carries no body");
        }

        foreach (var text in Strings(body))
        {
            CheckPlaceholders(reader, "body", text, schema?.Properties);
        }

        foreach (var (where, what) in ToolEmailTemplate.Problems(body))
        {
            reader.Diagnostics.Error(reader.LineOfKey("body"), reader.KeyPath(where), what);
        }
    }

    private static void CheckPlaceholders(YamlMappingReader reader, string key, string template, IReadOnlySet<string>? properties)
    {
        foreach (var argument in ToolPlaceholders.In(template))
        {
            if (properties is not null && !properties.Contains(argument))
            {
                reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), $"'{{{argument}}}' names no property of input_schema");
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    private static ToolResponseProjection? ParseResponse(YamlMappingReader reader)
    {
        var mapping = reader.Mapping("response");
        if (mapping is null)
        {
            return reader.Has("response") ? null : ToolResponseProjection.Whole;
        }

        var response = new YamlMappingReader(mapping, reader.KeyPath("response"), reader.Diagnostics, ResponseKeys);
        var items = response.String("items");
        if (items is not null && !FieldPath().IsMatch(items))
        {
            reader.Diagnostics.Error(response.LineOfKey("items"), response.KeyPath("items"), "must be a dotted field path, e.g. data.items");
        }

        var fields = response.StringList("fields", itemPattern: FieldPath(), patternHint: "fields are dotted field paths, e.g. user.login") ?? [];
        var maxItems = ToolResponseProjection.DefaultMaxItems;
        if (response.String("max_items") is { } max && (!int.TryParse(max, out maxItems) || maxItems is < 1 or > 1000))
        {
            reader.Diagnostics.Error(response.LineOfKey("max_items"), response.KeyPath("max_items"), "must be a whole number from 1 to 1000");
        }

        return new ToolResponseProjection(items, fields, maxItems);
    }
}
