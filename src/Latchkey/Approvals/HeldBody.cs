namespace Latchkey.Approvals;

/// <summary>A request body buffered for the approval gate: its SHA-256 and its bytes (at most 1 MiB).</summary>
internal sealed record HeldBody(byte[] Sha256, ReadOnlyMemory<byte> Content);
