using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Config;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.Mcp.Remote;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;

namespace Latchkey.Admin;

/// <summary>
/// Explains a tool call (docs/mcp.md) with the code the data plane runs for it, on the snapshot in
/// force: a remote server's tool (<c>kind: mcp</c> provider) as the <c>tools/call</c> message
/// <see cref="McpMessageJudge"/> judges; a tool of tools.yaml by checking its arguments
/// (<see cref="ToolArgumentValidator"/>), mapping it (<see cref="ToolRequestBuilder"/>) and
/// explaining the provider request it maps to (<see cref="RuleExplainer"/>).
/// </summary>
internal static class ToolCallExplainer
{
    public static ExplainResponse Explain(ConfigSnapshot config, string? provider, string tool, JsonElement? arguments, IReadOnlySet<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tool);
        if (arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            return Invalid("arguments must be a JSON object.");
        }

        var given = arguments is { ValueKind: JsonValueKind.Object } value ? JsonObject.Create(value)! : [];
        return provider is not null && config.Providers.GetValueOrDefault(provider) is { Kind: ProviderKind.Mcp }
            ? Remote(config, provider, tool, given, scopes)
            : Local(config, provider, tool, given, scopes);
    }

    private static ExplainResponse Remote(ConfigSnapshot config, string provider, string tool, JsonObject arguments, IReadOnlySet<string> scopes)
    {
        // The message an MCP client would send; the judge reads it exactly as RemoteMcpStep does (a tools/call always gets a verdict).
        var message = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = McpMethods.ToolsCall,
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
        };
        using var body = StrictJsonBody.Read(JsonSerializer.SerializeToUtf8Bytes(message, McpJsonContext.Default.JsonObject), "application/json", default);
        var call = body.IsReadable ? McpMessage.Read(body.Root, out _) : null;
        if (call is null)
        {
            return Invalid("tools/call needs a tool name of 1-128 characters of A-Z, a-z, 0-9, '_', '-', '.' and an arguments object.");
        }

        var trace = new ConditionTrace();
        return RuleExplainer.Answer(McpMessageJudge.Judge(call, config.RuleSet, provider, body, scopes, trace)!.Value, trace);
    }

    private static ExplainResponse Local(ConfigSnapshot config, string? provider, string name, JsonObject arguments, IReadOnlySet<string> scopes)
    {
        var tool = config.Tools.FirstOrDefault(t => t.Name == name && (provider is null || t.Provider == provider));
        if (tool is null)
        {
            return Invalid(provider is null
                ? "No tool of that name in tools.yaml (for a remote server's tool, name its kind: mcp provider)."
                : "No tool of that name for that provider in tools.yaml, and the provider is not kind: mcp.");
        }

        var invalid = ToolArgumentValidator.Validate(tool, arguments);
        var request = invalid is null ? ToolRequestBuilder.Build(tool, arguments, out invalid) : null;
        if (request is null)
        {
            return Invalid(invalid!.Message);
        }

        return RuleExplainer.Explain(config, tool.Provider, request.Method, request.PathAndQuery, scopes, headers: null, request.Body)
            with
        { Request = request.Method + " " + request.PathAndQuery };
    }

    private static ExplainResponse Invalid(string reason) => new(ErrorCodes.InvalidRequest, null, reason, null);
}
