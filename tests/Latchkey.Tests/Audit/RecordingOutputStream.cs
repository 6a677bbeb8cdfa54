namespace Latchkey.Tests.Audit;

/// <summary>
/// A standard output stand-in: keeps the bytes and counts the write calls; it can hold its first
/// write until released (to fill the queue behind it) or fail it as a closed console does.
/// </summary>
public sealed class RecordingOutputStream : MemoryStream
{
    private readonly ManualResetEventSlim _firstWriteStarted = new();
    private readonly ManualResetEventSlim _firstWriteReleased;
    private readonly bool _failFirstWrite;
    private int _writes;

    public RecordingOutputStream(bool holdFirstWrite = false, bool failFirstWrite = false)
    {
        _firstWriteReleased = new ManualResetEventSlim(!holdFirstWrite);
        _failFirstWrite = failFirstWrite;
    }

    public int Writes => Volatile.Read(ref _writes);

    public bool FirstWriteStarted => _firstWriteStarted.IsSet;

    public void ReleaseFirstWrite() => _firstWriteReleased.Set();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Interlocked.Increment(ref _writes) == 1)
        {
            _firstWriteStarted.Set();
            _firstWriteReleased.Wait();
            if (_failFirstWrite)
            {
                throw new IOException("standard output is closed");
            }
        }

        base.Write(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _firstWriteStarted.Dispose();
            _firstWriteReleased.Dispose();
        }

        base.Dispose(disposing);
    }
}
