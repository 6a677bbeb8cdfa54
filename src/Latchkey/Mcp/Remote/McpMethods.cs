using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// The JSON-RPC methods of MCP as Latchkey judges them in front of a remote server
/// (docs/mcp.md, "What is judged"): the protocol's own plumbing passes, <c>tools/call</c> is judged
/// by <c>tool:</c> rules, the methods in <see cref="Judged"/> only when an <c>mcp_methods:</c> rule
/// allows them, and every other method is refused.
/// </summary>
internal static partial class McpMethods
{
    public const string Initialize = "initialize";
    public const string Ping = "ping";
    public const string ToolsList = "tools/list";
    public const string ToolsCall = "tools/call";
    public const string NotificationPrefix = "notifications/";

    /// <summary>The <c>params._meta</c> key in which an agent may hand back the approval id of a held <c>tools/call</c>.</summary>
    public const string ApprovalMetaKey = "latchkey/approval_id";

    /// <summary>Methods a rule may name in <c>mcp_methods:</c>; refused unless a rule allows them.</summary>
    public static readonly FrozenSet<string> Judged = new[]
    {
        "resources/list", "resources/templates/list", "resources/read", "resources/subscribe", "resources/unsubscribe",
        "prompts/list", "prompts/get", "completion/complete", "logging/setLevel",
        "tasks/get", "tasks/result", "tasks/list", "tasks/cancel",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// MCP tool names (2025-11-25: 1-128 characters of A-Z, a-z, 0-9, '_', '-' and '.'); a call
    /// naming anything else is refused before any rule reads it.
    /// </summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex ToolName();

    /// <summary>True for a name a tool may have and a rule may name: <see cref="ToolName"/>, and not a dot segment.</summary>
    public static bool IsToolName(string name) => ToolName().IsMatch(name) && name is not "." and not "..";

    /// <summary>The rule path a tool is judged under: one literal segment.</summary>
    public static string ToolPath(string tool) => "/" + tool;

    /// <summary>The rule path of <c>tool: "*"</c>: any one segment.</summary>
    public const string AnyToolPath = "/{tool}";

    /// <summary>The rule path of <c>mcp_methods:</c> rules and of the messages they judge.</summary>
    public const string MethodPath = "/";
}
