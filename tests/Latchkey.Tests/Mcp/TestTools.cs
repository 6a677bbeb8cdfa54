using System.Text;
using Latchkey.Config;

namespace Latchkey.Tests.Mcp;

/// <summary>Tools and policies built from YAML the way Latchkey loads them, for the MCP unit tests.</summary>
internal static class TestTools
{
    public const string Providers = """
        providers:
          github:
            upstream: https://api.github.com
          mail:
            upstream: https://gmail.googleapis.com
        """;

    /// <summary>One tool on GET /items/{id}: a checked id, an optional limit, two response fields.</summary>
    public const string GetItem = """
        tools:
          - name: get_item
            description: Read one item.
            provider: github
            method: GET
            path: /items/{id}
            input_schema:
              type: object
              properties:
                id: { type: string, pattern: "^[0-9]{1,9}$" }
                limit: { type: integer, minimum: 1 }
              required: [id]
              additionalProperties: false
            response:
              fields: [title, owner.name]
        """;

    public static ConfigSnapshot Load(string tools, string rules = "rules: []\n")
    {
        var result = ConfigLoader.Parse(Encoding.UTF8.GetBytes(Providers), Encoding.UTF8.GetBytes(rules), Encoding.UTF8.GetBytes(tools));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot;
    }

    /// <summary>The one tool of a tools.yaml holding one.</summary>
    public static ToolDefinition One(string tools) => Assert.Single(Load(tools).Tools);
}
