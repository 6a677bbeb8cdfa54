using System.Text;
using Latchkey.Config;

namespace Latchkey.Tests.Config;

/// <summary>tools.yaml is as strict as the other config files: every mistake is an error naming the file, line and key.</summary>
public sealed class ToolsFileParserTests
{
    /// <summary>The providers every shipped tool pack names, as in config/examples/.</summary>
    internal const string Providers = """
        providers:
          github:
            upstream: https://api.github.com
          mail:
            upstream: https://gmail.googleapis.com
          slack:
            upstream: https://slack.com/api
          jira:
            upstream: https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555
          zendesk:
            upstream: https://acme.zendesk.com
          graph:
            upstream: https://graph.microsoft.com
        """;

    internal const string ValidTool = """
        tools:
          - name: list_issues
            description: List issues.
            provider: github
            method: GET
            path: /repos/{owner}/{repo}/issues
            query:
              state: "{state}"
            input_schema:
              type: object
              properties:
                owner: { type: string }
                repo: { type: string }
                state: { type: string }
              required: [owner, repo]
        """;

    private static readonly string Posting = ValidTool.Replace("method: GET", "method: POST", StringComparison.Ordinal);

    public static TheoryData<string, string, int, string> InvalidTools() => new()
    {
        { ValidTool.Replace("    method: GET", "    method: GET\n    timeout: 5", StringComparison.Ordinal), "tools[0].timeout", 6, "unknown key" },
        { ValidTool.Replace("provider: github", "provider: gitlab", StringComparison.Ordinal), "tools[0].provider", 4, "unknown provider 'gitlab'" },
        { ValidTool.Replace("method: GET", "method: TRACE", StringComparison.Ordinal), "tools[0].method", 5, "must be one of" },
        { ValidTool.Replace("required: [owner, repo]", "required: [owner]", StringComparison.Ordinal), "tools[0].path", 6, "'{repo}' must name a required property" },
        { ValidTool.Replace("/issues", "/is}sues", StringComparison.Ordinal), "tools[0].path", 6, "each segment must be literal text" },
        { ValidTool.Replace("/issues", "/../issues", StringComparison.Ordinal), "tools[0].path", 6, "each segment must be literal text" },
        { ValidTool.Replace("\"{state}\"", "\"{status}\"", StringComparison.Ordinal), "tools[0].query", 7, "'{status}' names no property" },
        { ValidTool.Replace("type: object", "type: array", StringComparison.Ordinal), "tools[0].input_schema", 9, "type: object" },
        { ValidTool.Replace("state: { type: string }", "state: { type: strang }", StringComparison.Ordinal), "tools[0].input_schema", 9, "not a valid JSON Schema" },
        { ValidTool.Replace("state: { type: string }", "state: { type: string }\n        latchkey_approval_id: { type: string }", StringComparison.Ordinal), "tools[0].input_schema", 9, "must not declare 'latchkey_approval_id'" },
        { ValidTool.Replace("name: list_issues", "name: list issues", StringComparison.Ordinal), "tools[0].name", 2, "must be 1-64 characters" },
        { ValidTool + "\n    body: { a: 1 }\n", "tools[0].body", 16, "a GET request carries no body" },
        { Posting + "\n    body: { raw: { $email: { to: \"{state}\", bcc: \"{state}\" } } }\n", "tools[0].body.raw.$email.bcc", 16, "unknown part (known: to, cc, subject, text)" },
        { Posting + "\n    body: { raw: { $email: { to: \"{state}\" }, id: 1 } }\n", "tools[0].body.raw.$email", 16, "must be the only member of its object" },
        { Posting + "\n    body: { raw: { $email: \"{state}\" } }\n", "tools[0].body.raw.$email", 16, "must be a mapping of to, cc, subject, text" },
        { Posting + "\n    body: [{ $email: { subject: [\"{state}\"] } }]\n", "tools[0].body[0].$email.subject", 16, "must be a text template" },
        { ValidTool + "\n    response: { max_items: 0 }\n", "tools[0].response.max_items", 16, "from 1 to 1000" },
        { ValidTool + "\n" + ValidTool[7..], "tools[1].name", 16, "duplicate tool name 'list_issues' (lines 2 and 16)" },
        { "tools: []\nextra: 1\n", "extra", 2, "unknown key" },
        { "tools: { a: 1 }\n", "tools", 1, "must be a list" },
        { "tools:\n  - just text\n", "tools[0]", 2, "each tool must be a mapping" },
        { ValidTool.Replace("List issues.", new string('x', ToolsFileParser.MaxDescriptionLength + 1), StringComparison.Ordinal), "tools[0].description", 3, "at most 2048 characters" },
        { ValidTool.Replace("path: /repos", "path: repos", StringComparison.Ordinal), "tools[0].path", 6, "must start with '/'" },
        { ValidTool.Replace("/issues", "//issues", StringComparison.Ordinal), "tools[0].path", 6, "no empty segments" },
        { ValidTool.Replace("state: \"{state}\"", "\"st ate\": \"{state}\"", StringComparison.Ordinal), "tools[0].query.st ate", 7, "must be 1-64 characters of" },
        { ValidTool + "\n    response: { sort: name }\n", "tools[0].response.sort", 16, "unknown key" },
        { ValidTool + "\n    response: { items: \"data items\" }\n", "tools[0].response.items", 16, "dotted field path" },
        { ValidTool + "\n    response: { fields: [\"a b\"] }\n", "tools[0].response.fields[0]", 16, "dotted field paths" },
    };

    [Theory]
    [MemberData(nameof(InvalidTools))]
    public void Invalid_tool_is_an_error_naming_file_line_and_key(string tools, string key, int line, string message)
    {
        var result = Parse(tools);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((ToolsFileParser.FileName, line, key), (error.File, error.Line, error.Key));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_tool_is_in_the_snapshot()
    {
        var result = Parse(ValidTool);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var tool = Assert.Single(result.Snapshot.Tools);
        Assert.Equal(("list_issues", "github", "GET", "/repos/{owner}/{repo}/issues"), (tool.Name, tool.Provider, tool.Method, tool.Path));
        Assert.Equal([new KeyValuePair<string, string>("state", "{state}")], tool.Query);
    }

    [Fact]
    public void Absent_tools_file_leaves_the_version_of_the_other_two_unchanged()
    {
        var providers = Encoding.UTF8.GetBytes(Providers);
        var rules = Encoding.UTF8.GetBytes("rules: []\n");

        var withoutTools = ConfigLoader.Parse(providers, rules);
        var withTools = ConfigLoader.Parse(providers, rules, Encoding.UTF8.GetBytes(ValidTool));

        Assert.Equal(ConfigLoader.ComputeVersion(providers, rules), withoutTools.Snapshot!.Version);
        Assert.Empty(withoutTools.Snapshot.Tools);
        Assert.NotEqual(withoutTools.Snapshot.Version, withTools.Snapshot!.Version);
    }

    [Fact]
    public void Schema_with_an_id_loads_again_on_reload_and_validates()
    {
        var tools = ValidTool.Replace("type: object\n", "type: object\n      $id: https://tools.example/list_issues\n", StringComparison.Ordinal);

        var first = Parse(tools);
        var second = Parse(tools);

        Assert.True(first.Succeeded && second.Succeeded, string.Join("\n", first.Errors.Concat(second.Errors)));
        var tool = Assert.Single(second.Snapshot!.Tools);
        Assert.Null(Latchkey.Mcp.ToolArgumentValidator.Validate(tool, new() { ["owner"] = "o", ["repo"] = "r" }));
        Assert.Equal("repo", Latchkey.Mcp.ToolArgumentValidator.Validate(tool, new() { ["owner"] = "o" })!.Field);
    }

    public static TheoryData<string> ShippedPacks() =>
        [.. Directory.GetFiles(Path.Combine(ShippedConfigFiles.RepositoryConfig, "tools"), "*.yaml").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(ShippedPacks))]
    public void Shipped_tool_pack_loads_against_the_example_provider_names(string pack)
    {
        var result = Parse(File.ReadAllText(Path.Combine(ShippedConfigFiles.RepositoryConfig, "tools", pack)));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Snapshot.Tools);
    }

    private static ConfigLoadResult Parse(string tools) =>
        ConfigLoader.Parse(Encoding.UTF8.GetBytes(Providers), Encoding.UTF8.GetBytes("rules: []\n"), Encoding.UTF8.GetBytes(tools));
}
