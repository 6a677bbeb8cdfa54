using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Json.Schema;
using Latchkey.Config;
using Latchkey.Mcp;

namespace Latchkey.Microbench;

/// <summary>
/// What checking a tool call's arguments against its input schema costs (part of issue 20's
/// tools/call budget), for the shipped Jira search tool (config/tools/jira.yaml): the validator
/// as shipped (a yes-or-no evaluation, details only for an invalid call), a full evaluation with
/// the details output as it used to run on every call, and an invalid call.
/// </summary>
[MemoryDiagnoser]
public class ToolArgumentBenchmarks
{
    private const string Providers = """
        providers:
          jira:
            upstream: https://api.atlassian.com/ex/jira/cloud-id
        """;

    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    private ToolDefinition _tool = null!;
    private JsonObject _valid = null!;
    private JsonObject _invalid = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tools = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "config", "tools", "jira.yaml"));
        var loaded = ConfigLoader.Parse(Encoding.UTF8.GetBytes(Providers), Encoding.UTF8.GetBytes("rules: []\n"), tools);
        var snapshot = loaded.Snapshot ?? throw new InvalidOperationException(string.Join("; ", loaded.Errors));
        _tool = snapshot.Tools.Single(t => t.Name == "jira_search_issues");
        _valid = new JsonObject { ["jql"] = "project = OPS AND status != Done ORDER BY updated DESC", ["max_results"] = 20 };
        _invalid = new JsonObject { ["jql"] = "project = OPS", ["max_results"] = 500 };
        if (ToolArgumentValidator.Validate(_tool, _valid) is not null || ToolArgumentValidator.Validate(_tool, _invalid) is null)
        {
            throw new InvalidOperationException("the benchmark's arguments do not validate as intended");
        }
    }

    [Benchmark(Baseline = true, Description = "Valid call, as shipped (yes or no)")]
    public bool Valid() => ToolArgumentValidator.Validate(_tool, _valid) is null;

    [Benchmark(Description = "Valid call, details output (as before 2026-12-07)")]
    public bool ValidWithDetails() => _tool.CompiledSchema.Evaluate(_valid, ListOutput).IsValid;

    [Benchmark(Description = "Invalid call, as shipped (yes or no, then details)")]
    public bool Invalid() => ToolArgumentValidator.Validate(_tool, _invalid) is null;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "proxy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
