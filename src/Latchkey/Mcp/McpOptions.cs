namespace Latchkey.Mcp;

/// <summary>Settings of the MCP server at <c>/mcp</c> (<c>Latchkey:Mcp</c>, docs/mcp.md).</summary>
public sealed class McpOptions
{
    public const string SectionName = "Latchkey:Mcp";

    public const int MinResponseBytes = 1024;
    public const int MaxResponseBytesLimit = 16 * 1024 * 1024;

    /// <summary>The longest <see cref="ApprovalWait"/> may be: a client and the proxies between it and Latchkey must hold the call open that long.</summary>
    public static readonly TimeSpan MaxApprovalWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How much of a provider's answer to one tool call is kept for projection; the rest is
    /// discarded and the result says it was cut. Default 1 MiB.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>How many characters of projected JSON a tool result may carry; the rest is cut. Default 64 Ki.</summary>
    public int MaxResultChars { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a tool call held for approval (at <c>/mcp</c> and to a remote MCP server) waits for
    /// the human's decision before it answers <c>approval_required</c>; approved, it then runs,
    /// denied, it answers the denial. Default 0: answer at once.
    /// </summary>
    public TimeSpan ApprovalWait { get; set; } = TimeSpan.Zero;
}
