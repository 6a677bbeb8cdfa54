namespace Latchkey.Mcp;

/// <summary>The one provider request a tool call maps to: what the data plane then judges and forwards.</summary>
/// <param name="Method">The tool's method.</param>
/// <param name="PathAndQuery">Upstream path (arguments percent-encoded, one segment each) and query.</param>
/// <param name="Body">UTF-8 JSON, or null when the tool sends no body.</param>
internal sealed record ToolRequest(string Method, string PathAndQuery, byte[]? Body);
