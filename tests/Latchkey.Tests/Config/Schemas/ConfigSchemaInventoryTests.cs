using System.Text.Json.Nodes;

namespace Latchkey.Tests.Config.Schemas;

/// <summary>
/// The schemas list exactly what the strict parsers accept: every key list, preset, error shape and
/// enum value. A key added to a parser (a new rule condition, a new provider setting) fails here
/// until the schema learns it, and a schema key the parser does not know fails too.
/// </summary>
public sealed class ConfigSchemaInventoryTests
{
    private static readonly JsonNode Providers = ConfigSchemas.Document(ConfigSchemas.ProvidersFile);
    private static readonly JsonNode Rules = ConfigSchemas.Document(ConfigSchemas.RulesFile);
    private static readonly JsonNode Tools = ConfigSchemas.Document(ConfigSchemas.ToolsFile);

    /// <summary>Where each parser key list is in the schemas: (parser, field, schema, object, keys of the field left out there).</summary>
    private static readonly (string Parser, string Field, JsonNode Schema, string Pointer, string[] Except)[] Mappings =
    [
        ("ProvidersFileParser", "RootKeys", Providers, "", []),
        ("ProvidersFileParser", "ProviderKeys", Providers, "/$defs/provider", []),
        ("ProvidersFileParser", "OAuthKeys", Providers, "/$defs/oauth", []),
        ("ProvidersFileParser", "AgentKeysWithTenants", Providers, "/$defs/agentSet", []),
        ("ProvidersFileParser", "AgentKeys", Providers, "/$defs/agentSet", ["tenants"]),
        ("ProvidersFileParser", "AgentKeysWithTenants", Providers, "/$defs/agentTenants", ["type", "token_url", "client_id", "client_secret", "tenant_id", "scopes", "key"]),
        ("ProvidersFileParser", "InjectKeys", Providers, "/$defs/inject", []),
        ("RulesFileParser", "RootKeys", Rules, "", []),
        ("RulesFileParser", "RuleKeys", Rules, "/$defs/rule", []),
        ("ConditionParser", "ConditionKeys", Rules, "/$defs/condition", []),
        ("ConditionParser", "ItemKeys", Rules, "/$defs/itemCondition", []),
        ("GraphQlRuleParser", "GraphQlKeys", Rules, "/$defs/graphql", []),
        ("RulePackExpander", "IncludeKeys", Rules, "/$defs/include", []),
        ("ToolsFileParser", "RootKeys", Tools, "", []),
        ("ToolsFileParser", "ToolKeys", Tools, "/$defs/tool", []),
        ("ToolsFileParser", "ResponseKeys", Tools, "/$defs/response", []),
        ("ToolEmailTemplate", "WrapperKeys", Tools, "/$defs/bodyTemplate/anyOf/2", []),
        ("ToolEmailTemplate", "PartKeys", Tools, "/$defs/email", []),
    ];

    public static TheoryData<int> MappingIndexes { get; } = [.. Enumerable.Range(0, Mappings.Length)];

    [Theory]
    [MemberData(nameof(MappingIndexes))]
    public void Schema_object_has_exactly_the_keys_its_parser_accepts(int index)
    {
        var (parser, field, schema, pointer, except) = Mappings[index];
        var parserKeys = LatchkeyTypes.KeyLists(parser)[field].Except(except).Order(StringComparer.Ordinal);
        var schemaObject = At(schema, pointer);

        Assert.Equal(parserKeys, PropertyNames(schemaObject).Except(except).Order(StringComparer.Ordinal));
        Assert.False(schemaObject["additionalProperties"]!.GetValue<bool>(), $"{pointer}: unknown keys must be refused, as the parser does");
    }

    [Theory]
    [InlineData("ProvidersFileParser")]
    [InlineData("RulesFileParser")]
    [InlineData("ConditionParser")]
    [InlineData("GraphQlRuleParser")]
    [InlineData("RulePackExpander")]
    [InlineData("ToolsFileParser")]
    [InlineData("ToolEmailTemplate")]
    public void Every_key_list_of_a_parser_is_mapped_to_the_schema(string parser)
    {
        var lists = LatchkeyTypes.KeyLists(parser);

        Assert.NotEmpty(lists);
        foreach (var field in lists.Keys)
        {
            Assert.True(Mappings.Any(m => m.Parser == parser && m.Field == field),
                $"{parser}.{field} is a key list the schema does not describe: add its object to schemas/ and a row to {nameof(Mappings)}");
        }
    }

    [Fact]
    public void Every_closed_object_of_the_schemas_is_checked_against_a_parser()
    {
        foreach (var (schema, pointer) in new[] { Providers, Rules, Tools }.SelectMany(s => ClosedObjects(s, string.Empty).Select(p => (s, p))))
        {
            Assert.True(Mappings.Any(m => m.Schema == schema && m.Pointer == pointer), $"{pointer} has keys no parser list checks");
        }
    }

    [Fact]
    public void Enumerations_are_the_loaders()
    {
        AssertEnum(LatchkeyTypes.Strings("ProviderPresets", "Names"), Providers, "/$defs/provider/properties/preset");
        AssertEnum(LatchkeyTypes.Strings("ErrorEnvelope", "ByName"), Providers, "/$defs/provider/properties/errors");
        AssertEnum(LatchkeyTypes.EnumSpellings("CredentialMode"), Providers, "/$defs/optionalCredentialMode");
        AssertEnum(LatchkeyTypes.EnumSpellings("AgentCredentialType"), Providers, "/$defs/agentSet/properties/type");
        AssertEnum(LatchkeyTypes.EnumSpellings("OAuthClientAuthentication"), Providers, "/$defs/oauth/properties/client_auth");
        AssertEnum(LatchkeyTypes.Strings("ProvidersFileParser", "RegistrationModes"), Providers, "/$defs/oauth/properties/registration");
        AssertEnum(
            LatchkeyTypes.Strings("SessionTokenSource", "HeaderNames").Prepend("authorization").ToHashSet(StringComparer.Ordinal),
            Providers, "/$defs/provider/properties/session_token_from/anyOf/1/items/anyOf/0");
        AssertEnum(LatchkeyTypes.Strings("ProvidersFileParser", "ReservedNames"), Providers, "/properties/providers/anyOf/1/propertyNames/not");
        AssertEnum(LatchkeyTypes.Strings("RuleMethods", "All"), Rules, "/$defs/rule/properties/methods/items");
        AssertEnum(LatchkeyTypes.EnumSpellings("RuleAction"), Rules, "/$defs/rule/properties/action");
        AssertEnum(LatchkeyTypes.EnumSpellings("CredentialMode"), Rules, "/$defs/rule/properties/credential");
        AssertEnum(LatchkeyTypes.EnumSpellings("RulesMode"), Rules, "/properties/mode");
        AssertEnum(LatchkeyTypes.Strings("RulePackCatalog", "All"), Rules, "/$defs/include/properties/pack");
        AssertEnum(LatchkeyTypes.EnumSpellings("RuleAction"), Rules, "/$defs/include/properties/action");
        AssertEnum(LatchkeyTypes.Strings("RuleMethods", "All"), Tools, "/$defs/tool/properties/method");
    }

    [Fact]
    public void Presets_that_default_to_the_agent_credential_require_an_agent_block()
    {
        var presets = (System.Collections.IDictionary)LatchkeyTypes.Named("ProviderPresets").GetField("All")!.GetValue(null)!;
        var agentPresets = presets.Keys.Cast<string>()
            .Where(name => presets[name]!.GetType().GetProperty("Credential")!.GetValue(presets[name])?.ToString() == "Agent")
            .ToHashSet(StringComparer.Ordinal);

        AssertEnum(agentPresets, Providers, "/$defs/provider/allOf/1/if/properties/preset");
    }

    private static void AssertEnum(IReadOnlySet<string> loader, JsonNode schema, string pointer)
    {
        var values = At(schema, pointer)["enum"]!.AsArray().Where(v => v is not null).Select(v => v!.GetValue<string>());

        Assert.Equal(loader.Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
    }

    private static JsonNode At(JsonNode schema, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(schema, (node, part) =>
            (int.TryParse(part, out var i) && node is JsonArray array ? array[i] : node[part]) ?? throw new InvalidOperationException($"{pointer}: no '{part}'"));

    private static IEnumerable<string> PropertyNames(JsonNode schemaObject) =>
        schemaObject["properties"]!.AsObject().Select(p => p.Key);

    private static IEnumerable<string> ClosedObjects(JsonNode node, string pointer)
    {
        if (node is JsonObject obj)
        {
            if (obj["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>())
            {
                yield return pointer;
            }

            foreach (var (key, child) in obj)
            {
                if (child is not null)
                {
                    foreach (var found in ClosedObjects(child, pointer + "/" + key))
                    {
                        yield return found;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    foreach (var found in ClosedObjects(item, $"{pointer}/{i}"))
                    {
                        yield return found;
                    }
                }
            }
        }
    }
}
