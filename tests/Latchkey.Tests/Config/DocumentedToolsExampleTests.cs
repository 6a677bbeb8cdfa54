using System.Text;
using System.Text.RegularExpressions;
using Latchkey.Config;
using Latchkey.Testing;

namespace Latchkey.Tests.Config;

/// <summary>
/// The tools.yaml reference in docs/mcp.md is read by people who copy it: it must load as it is
/// printed (it once gave a GET tool a body, which the loader refuses).
/// </summary>
public sealed partial class DocumentedToolsExampleTests
{
    [Fact]
    public void The_tools_yaml_reference_in_docs_mcp_md_loads()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "mcp.md"));
        var example = YamlBlock().Matches(doc).Select(m => m.Groups[1].Value).First(block => block.StartsWith("tools:", StringComparison.Ordinal));

        var result = ConfigLoader.Parse(
            Encoding.UTF8.GetBytes(ToolsFileParserTests.Providers), Encoding.UTF8.GetBytes("rules: []\n"), Encoding.UTF8.GetBytes(example));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["github_list_issues", "github_create_issue"], result.Snapshot!.Tools.Select(t => t.Name));
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
