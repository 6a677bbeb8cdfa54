using System.Collections.Concurrent;
using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

/// <summary>Keeps the lines the audit trail sends to the console.</summary>
internal sealed class RecordingAuditConsole : IAuditConsole
{
    private readonly ConcurrentQueue<byte[]> _lines = new();

    public IReadOnlyList<byte[]> Lines => [.. _lines];

    public void Enqueue(ReadOnlySpan<byte> clefLine) => _lines.Enqueue(clefLine.ToArray());
}
