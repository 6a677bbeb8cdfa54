namespace Latchkey.Mcp;

/// <summary>How a tool call's data-plane request ended: Latchkey's error code (if it refused or failed) or the provider's status, and the kept body.</summary>
/// <param name="Status">The status the data plane answered with.</param>
/// <param name="ErrorCode">The contract's error code when Latchkey wrote the answer; null when the provider did.</param>
/// <param name="Body">The answer's body, at most <c>Latchkey:Mcp:MaxResponseBytes</c>.</param>
/// <param name="Truncated">True when the body was longer than what was kept.</param>
/// <param name="RequestId">The data-plane request's id, as in its audit record.</param>
internal sealed record ToolCallOutcome(int Status, string? ErrorCode, ReadOnlyMemory<byte> Body, bool Truncated, string? RequestId);
