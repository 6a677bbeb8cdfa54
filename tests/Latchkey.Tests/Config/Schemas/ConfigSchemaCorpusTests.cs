using System.Text;
using Latchkey.Config;

namespace Latchkey.Tests.Config.Schemas;

/// <summary>The schemas and the strict loader agree on every file of both corpora.</summary>
public sealed class ConfigSchemaCorpusTests
{
    /// <summary>
    /// Invalid cases only the loader can refuse, and why: YAML features an editor resolves (the
    /// loader refuses them to stay plain YAML), what JSON cannot hold (a second document, a
    /// non-text key), and checks that need both files or whole-file state.
    /// </summary>
    private static readonly HashSet<string> LoaderOnlyCases = new(StringComparer.Ordinal)
    {
        "anchor", "alias", "merge key", "explicit tag", "merge key in rules", "deep nesting", "multiple documents", "complex key",
        "unknown provider", "agent credential without agent block", "duplicate rule id",
    };

    /// <summary>
    /// tools.yaml mistakes only the loader can see, by its message: they need providers.yaml, the
    /// whole file, or which properties a tool's own input_schema declares and requires.
    /// </summary>
    private static readonly string[] LoaderOnlyToolMessages =
        ["unknown provider", "must name a required property", "names no property", "duplicate tool name"];

    public static TheoryData<string, string, string> ValidFiles => ValidConfigCorpus.All;

    public static TheoryData<string, string, string> ValidToolsFiles => ValidToolsCorpus.All;

    public static TheoryData<string, string, int, string> InvalidToolsFiles => ToolsFileParserTests.InvalidTools();

    public static TheoryData<string, string?, string?, string> InvalidFiles => InvalidConfigCases.All;

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Valid_file_passes_the_loader_and_the_schema(string name, string providers, string rules)
    {
        var result = ConfigLoader.Parse(Encoding.UTF8.GetBytes(providers), Encoding.UTF8.GetBytes(rules));

        Assert.True(result.Succeeded, $"{name}: loader: {string.Join("\n", result.Errors)}");
        Assert.Empty(ConfigSchemas.ProvidersProblems(providers));
        Assert.Empty(ConfigSchemas.RulesProblems(rules));
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_file_fails_the_loader_and_the_schema(string name, string? providers, string? rules, string expected)
    {
        var result = ConfigLoader.Parse(
            Encoding.UTF8.GetBytes(providers ?? TempConfigFolder.BaseProviders), Encoding.UTF8.GetBytes(rules ?? TempConfigFolder.BaseRules));
        Assert.False(result.Succeeded, $"{name}: the loader accepted it (expected '{expected}')");
        if (LoaderOnlyCases.Contains(name))
        {
            return;
        }

        Assert.True(SchemaRefuses(providers, ConfigSchemas.ProvidersProblems) || SchemaRefuses(rules, ConfigSchemas.RulesProblems),
            $"{name}: the schema accepted a file the loader refuses with '{expected}'");
    }

    [Theory]
    [MemberData(nameof(ValidToolsFiles))]
    public void Valid_tools_file_passes_the_loader_and_the_schema(string name, string providers, string tools)
    {
        var result = ConfigLoader.Parse(Encoding.UTF8.GetBytes(providers), Encoding.UTF8.GetBytes("rules: []\n"), Encoding.UTF8.GetBytes(tools));

        Assert.True(result.Succeeded, $"{name}: loader: {string.Join("\n", result.Errors)}");
        Assert.Empty(ConfigSchemas.ToolsProblems(tools));
    }

    [Theory]
    [MemberData(nameof(InvalidToolsFiles))]
    public void Invalid_tools_file_fails_the_loader_and_the_schema(string tools, string key, int line, string expected)
    {
        var result = ConfigLoader.Parse(
            Encoding.UTF8.GetBytes(ToolsFileParserTests.Providers), Encoding.UTF8.GetBytes("rules: []\n"), Encoding.UTF8.GetBytes(tools));
        Assert.False(result.Succeeded, $"{key}:{line}: the loader accepted it (expected '{expected}')");
        if (LoaderOnlyToolMessages.Any(message => expected.Contains(message, StringComparison.Ordinal)))
        {
            return;
        }

        Assert.True(SchemaRefuses(tools, ConfigSchemas.ToolsProblems), $"{key}:{line}: the schema accepted a file the loader refuses with '{expected}'");
    }

    [Fact]
    public void Every_tool_pack_names_the_tools_schema_on_the_first_line()
    {
        foreach (var pack in Directory.GetFiles(Path.Combine(ShippedConfigFiles.RepositoryConfig, "tools"), "*.yaml"))
        {
            Assert.Equal("# yaml-language-server: $schema=../../schemas/tools.schema.json", File.ReadLines(pack).First());
        }
    }

    [Theory]
    [InlineData("providers.yaml", "providers.schema.json")]
    [InlineData("rules.yaml", "rules.schema.json")]
    public void Shipped_config_names_its_schema_on_the_first_line(string file, string schema)
    {
        var firstLine = File.ReadLines(Path.Combine(ShippedConfigFiles.RepositoryConfig, file)).First();

        Assert.Equal($"# yaml-language-server: $schema=../schemas/{schema}", firstLine);
    }

    [Fact]
    public void Every_example_names_the_providers_schema_on_the_first_line()
    {
        foreach (var example in Directory.GetFiles(Path.Combine(ShippedConfigFiles.RepositoryConfig, "examples"), "*.yaml"))
        {
            Assert.Equal("# yaml-language-server: $schema=../../schemas/providers.schema.json", File.ReadLines(example).First());
        }
    }

    // A text that does not even parse as YAML is refused by an editor as well.
    private static bool SchemaRefuses(string? yaml, Func<string, IReadOnlyList<string>> problems)
    {
        if (yaml is null)
        {
            return false;
        }

        try
        {
            return problems(yaml).Count > 0;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return true;
        }
        catch (ArgumentException)
        {
            // Duplicate keys: JSON objects cannot hold them, editors flag them.
            return true;
        }
    }
}
