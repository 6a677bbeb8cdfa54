using System.Text.Json;
using Latchkey.Cli;

namespace Latchkey.Tests.Cli;

/// <summary>
/// <c>latchkey rules explain --tool</c> (and, through the same <c>ToolCallExplainer</c>,
/// <c>POST /v1/rules/explain</c> with <c>tool</c>): a remote server's tool call judged as the
/// remote MCP step judges it, and a tools.yaml tool checked, mapped and judged as its provider request.
/// </summary>
public sealed class RulesExplainToolTests : IDisposable
{
    private const string Providers = """
        providers:
          tracker:
            kind: mcp
            upstream: https://mcp.tracker.example/mcp
          github:
            upstream: https://api.github.com
        """;

    private const string Rules = """
        rules:
          - id: tracker.list
            provider: tracker
            tool: list_issues
            scopes: [tracker.read]
            action: allow
          - id: tracker.create
            provider: tracker
            tool: create_issue
            action: approve
            when:
              - body: /params/arguments/project
                in: [OPS]
          - id: tracker.no-delete
            provider: tracker
            tool: delete_project
            action: deny
          - id: github.issues.create
            provider: github
            methods: [POST]
            path: /repos/{owner}/{repo}/issues
            scopes: [github.write]
            action: approve
          - id: github.issues.read
            provider: github
            methods: [GET]
            path: /repos/{owner}/{repo}/issues
            action: allow
        """;

    private const string Tools = """
        tools:
          - name: github_create_issue
            description: Create an issue.
            provider: github
            method: POST
            path: /repos/{owner}/{repo}/issues
            body:
              title: "{title}"
            input_schema:
              type: object
              properties:
                owner: { type: string, pattern: "^[a-z]+$" }
                repo: { type: string }
                title: { type: string }
              required: [owner, repo, title]
              additionalProperties: false
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("latchkey-cli-tools-").FullName;

    public RulesExplainToolTests()
    {
        File.WriteAllText(Path.Combine(_dir, "providers.yaml"), Providers);
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), Rules);
        File.WriteAllText(Path.Combine(_dir, "tools.yaml"), Tools);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("list_issues", "{}", "tracker.read", "allowed", "tracker.list", RulesCommand.Success)]
    [InlineData("list_issues", "{}", "", "insufficient_scope", "tracker.list", RulesCommand.Refused)]
    [InlineData("create_issue", """{"project":"OPS","title":"x"}""", "", "approval_required", "tracker.create", RulesCommand.Refused)]
    [InlineData("create_issue", """{"title":"x","project":"SALES"}""", "", "route_denied", null, RulesCommand.Refused)]
    [InlineData("DELETE_PROJECT", """{"id":1}""", "tracker.read", "route_denied", "tracker.no-delete", RulesCommand.Refused)]
    [InlineData("List_Issues", "{}", "tracker.read", "route_denied", null, RulesCommand.Refused)]
    [InlineData("secret_tool", "{}", "tracker.read", "route_denied", null, RulesCommand.Refused)]
    [InlineData("../x", "{}", "tracker.read", "invalid_request", null, RulesCommand.Refused)]
    public void A_remote_tool_call_is_explained_as_the_remote_mcp_step_judges_it(
        string tool, string arguments, string scopes, string decision, string? rule, int exitCode)
    {
        var (code, answer) = Explain("--tool", tool, "--provider", "tracker", "--arguments", arguments, "--scopes", scopes);

        Assert.Equal(exitCode, code);
        Assert.Equal(decision, answer.GetProperty("decision").GetString());
        Assert.Equal(rule, answer.GetProperty("rule").GetString());
    }

    [Fact]
    public void A_remote_call_whose_condition_fails_names_the_condition_and_the_value_seen()
    {
        var (_, answer) = Explain("--tool", "create_issue", "--provider", "tracker", "--arguments", """{"project":"SALES"}""");

        var failure = Assert.Single(answer.GetProperty("conditions").EnumerateArray());
        Assert.Equal("tracker.create", failure.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("github.write", "approval_required")]
    [InlineData("", "insufficient_scope")]
    public void A_tools_yaml_call_is_explained_as_the_provider_request_it_maps_to(string scopes, string decision)
    {
        var (_, answer) = Explain("--tool", "github_create_issue", "--arguments", """{"repo":"hello","owner":"octo","title":"t"}""", "--scopes", scopes);

        Assert.Equal(decision, answer.GetProperty("decision").GetString());
        Assert.Equal("github.issues.create", answer.GetProperty("rule").GetString());
        Assert.Equal("POST /repos/octo/hello/issues", answer.GetProperty("request").GetString());
    }

    [Theory]
    [InlineData("github_create_issue", """{"owner":"Octo!","repo":"r","title":"t"}""", "/owner")]
    [InlineData("github_create_issue", """{"owner":"octo","repo":"r"}""", "title")]
    [InlineData("no_such_tool", "{}", "tools.yaml")]
    public void A_tools_yaml_call_the_server_would_refuse_is_invalid_request_naming_why(string tool, string arguments, string named)
    {
        var (code, answer) = Explain("--tool", tool, "--arguments", arguments);

        Assert.Equal(RulesCommand.Refused, code);
        Assert.Equal("invalid_request", answer.GetProperty("decision").GetString());
        Assert.Contains(named, answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private (int Code, JsonElement Answer) Explain(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RulesCommand.Run(["rules", "explain", .. args, "--config", _dir], output, error);
        Assert.True(output.ToString().Length > 0, error.ToString());
        return (code, JsonDocument.Parse(output.ToString()).RootElement.Clone());
    }
}
