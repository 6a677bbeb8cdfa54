using System.Text;

namespace Latchkey.Tests.Config.Schemas;

/// <summary>
/// tools.yaml files the loader accepts, each a (name, providers.yaml, tools.yaml) triple: every
/// shipped tool pack, the demo's tools and a file that uses every key. Add a row for a new key.
/// </summary>
internal static class ValidToolsCorpus
{
    private const string EveryToolKey = """
        tools:
          - name: github.create-issue_2
            description: Open an issue.
            provider: github
            method: POST
            path: /repos/{owner}/{repo}/issues.{format}
            query:
              per_page: "{per_page}"
              "labels[]": fixed
              $top: 5
            body:
              title: "{title}"
              nested: { list: ["{owner}", 1, true, null] }
            input_schema:
              $id: https://tools.example/create
              type: object
              properties:
                owner: { type: string }
                repo: { type: string }
                format: { enum: [json] }
                per_page: { type: integer }
                title: { type: string }
              required: [owner, repo, format]
            response:
              items: data.items
              fields: [number, user.login]
              max_items: 1000
          - name: root
            description: The upstream's root, with an empty response block.
            provider: github
            method: GET
            path: /
            body:
            input_schema: { type: object }
            response:
          - name: empty_projection
            description: Trailing slash and an empty field list.
            provider: github
            method: DELETE
            path: /a/
            query:
            input_schema: { type: object }
            response: { fields: [] }
        """;

    public static TheoryData<string, string, string> All { get; } = Build();

    private static TheoryData<string, string, string> Build()
    {
        var data = new TheoryData<string, string, string>
        {
            { "parser tests' tool", ToolsFileParserTests.Providers, ToolsFileParserTests.ValidTool },
            { "every key", ToolsFileParserTests.Providers, EveryToolKey },
            { "empty tools", ToolsFileParserTests.Providers, "tools:\n" },
        };
        var demo = ShippedConfigFiles.ReadDemo("providers.yaml", "tools.yaml");
        data.Add("demo", Encoding.UTF8.GetString(demo[0]), Encoding.UTF8.GetString(demo[1]));
        foreach (var pack in Directory.GetFiles(Path.Combine(ShippedConfigFiles.RepositoryConfig, "tools"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add("tools/" + Path.GetFileName(pack), ToolsFileParserTests.Providers, File.ReadAllText(pack));
        }

        return data;
    }
}
