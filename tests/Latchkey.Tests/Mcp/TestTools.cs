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

    public static ConfigSnapshot Load(string tools, string rules = "rules: []\n")
    {
        var result = ConfigLoader.Parse(Encoding.UTF8.GetBytes(Providers), Encoding.UTF8.GetBytes(rules), Encoding.UTF8.GetBytes(tools));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot;
    }

    /// <summary>The one tool of a tools.yaml holding one.</summary>
    public static ToolDefinition One(string tools) => Assert.Single(Load(tools).Tools);
}
