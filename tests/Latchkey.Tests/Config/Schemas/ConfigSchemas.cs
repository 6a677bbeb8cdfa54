using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Latchkey.Tests.Config.Schemas;

/// <summary>The JSON Schemas of the config files, from the repository's <c>schemas/</c> folder.</summary>
internal static class ConfigSchemas
{
    public const string ProvidersFile = "providers.schema.json";
    public const string RulesFile = "rules.schema.json";
    public const string ToolsFile = "tools.schema.json";

    private static readonly Lazy<JsonSchema> ProvidersSchema = new(() => Load(ProvidersFile));
    private static readonly Lazy<JsonSchema> RulesSchema = new(() => Load(RulesFile));
    private static readonly Lazy<JsonSchema> ToolsSchema = new(() => Load(ToolsFile));

    public static string Folder { get; } = Path.Combine(Path.GetDirectoryName(ShippedConfigFiles.RepositoryConfig)!, "schemas");

    public static JsonNode Document(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;

    /// <summary>The schema's complaints about a providers.yaml text; empty when it conforms.</summary>
    public static IReadOnlyList<string> ProvidersProblems(string yaml) => Problems(ProvidersSchema.Value, yaml);

    /// <summary>The schema's complaints about a rules.yaml text; empty when it conforms.</summary>
    public static IReadOnlyList<string> RulesProblems(string yaml) => Problems(RulesSchema.Value, yaml);

    /// <summary>The schema's complaints about a tools.yaml text; empty when it conforms.</summary>
    public static IReadOnlyList<string> ToolsProblems(string yaml) => Problems(ToolsSchema.Value, yaml);

    private static List<string> Problems(JsonSchema schema, string yaml)
    {
        var json = YamlJson.Convert(yaml);
        using var document = JsonDocument.Parse(json?.ToJsonString() ?? "null");
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).DefaultIfEmpty("invalid")];
    }

    private static JsonSchema Load(string file) => JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, file)));
}
