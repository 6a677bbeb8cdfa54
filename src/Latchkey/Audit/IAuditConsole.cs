namespace Latchkey.Audit;

/// <summary>Where audit events go to the console: one CLEF line each, never blocking the request.</summary>
internal interface IAuditConsole
{
    /// <summary>Queues a copy of one CLEF line (UTF-8, no newline) for standard output.</summary>
    void Enqueue(ReadOnlySpan<byte> clefLine);
}
