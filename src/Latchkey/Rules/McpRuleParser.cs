using Latchkey.Mcp.Remote;
using Latchkey.Providers;
using Latchkey.Yaml;

namespace Latchkey.Rules;

/// <summary>
/// Reads the keys that make a rule judge a remote MCP server's messages (docs/mcp.md): exactly one
/// of <c>tool:</c> and <c>mcp_methods:</c>, in place of <c>methods:</c> and <c>path:</c>, and only on
/// rules of <c>kind: mcp</c> providers. Errors carry file and line like every rules.yaml error.
/// </summary>
internal static class McpRuleParser
{
    public const string ToolKey = "tool";
    public const string MethodsKey = "mcp_methods";
    public const string AnyTool = "*";

    private static readonly HashSet<string> McpKeys = new(StringComparer.Ordinal) { ToolKey, MethodsKey };
    private static readonly HashSet<string> HttpKeys = new(StringComparer.Ordinal) { "methods", "path" };

    /// <summary>
    /// The rule's MCP target, or null when it is an HTTP rule (its provider is not <c>kind: mcp</c>,
    /// or is unknown and the rule names no tool or method); then <c>methods</c> and <c>path</c> apply.
    /// </summary>
    public static McpRuleTarget? Read(YamlMappingReader reader, ProviderDefinition? provider)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var named = reader.Written(ToolKey) || reader.Written(MethodsKey);
        if (provider is { Kind: ProviderKind.Http } || (provider is null && !named))
        {
            foreach (var key in McpKeys.Where(reader.Written))
            {
                reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), "is only for rules of a provider with kind: mcp");
            }

            return null;
        }

        foreach (var key in HttpKeys.Where(reader.Written))
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key),
                "is not used by rules of a kind: mcp provider: name a tool (tool: create_issue) or JSON-RPC methods (mcp_methods: [resources/read])");
        }

        if (reader.Written(ToolKey) == reader.Written(MethodsKey))
        {
            reader.Diagnostics.Error(reader.LineOfKey(ToolKey), reader.KeyPath(ToolKey),
                "a rule of a kind: mcp provider needs exactly one of tool (a tool name, or \"*\") and mcp_methods");
            return new McpRuleTarget([], McpMethods.MethodPath, null);
        }

        return reader.Written(ToolKey) ? ReadTool(reader) : ReadMethods(reader);
    }

    private static McpRuleTarget ReadTool(YamlMappingReader reader)
    {
        var tool = reader.String(ToolKey, required: true);
        if (tool == AnyTool)
        {
            return new McpRuleTarget([McpMethods.ToolsCall], McpMethods.AnyToolPath, tool);
        }

        if (tool is null || !McpMethods.IsToolName(tool))
        {
            if (tool is not null)
            {
                reader.Diagnostics.Error(reader.LineOfKey(ToolKey), reader.KeyPath(ToolKey),
                    "must be \"*\" or a tool name: 1-128 characters of A-Z, a-z, 0-9, '_', '-' and '.'");
            }

            return new McpRuleTarget([], McpMethods.MethodPath, null);
        }

        return new McpRuleTarget([McpMethods.ToolsCall], McpMethods.ToolPath(tool), tool);
    }

    private static McpRuleTarget ReadMethods(YamlMappingReader reader)
    {
        var methods = reader.StringList(MethodsKey, required: true) ?? [];
        var problem = methods.Count == 0 ? "must list at least one method"
            : methods.FirstOrDefault(m => !McpMethods.Judged.Contains(m)) is { } unknown
                ? $"'{unknown}' cannot be named here (allowed: {string.Join(", ", McpMethods.Judged.Order(StringComparer.Ordinal))}; tools/call is judged by tool:, initialize, ping, notifications and tools/list always pass)"
            : methods.Distinct(StringComparer.Ordinal).Count() != methods.Count ? "lists a method twice"
            : null;
        if (problem is not null)
        {
            reader.Diagnostics.Error(reader.LineOfKey(MethodsKey), reader.KeyPath(MethodsKey), problem);
            return new McpRuleTarget([], McpMethods.MethodPath, null);
        }

        return new McpRuleTarget(methods, McpMethods.MethodPath, null);
    }
}
