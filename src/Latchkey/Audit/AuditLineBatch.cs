using System.Buffers;

namespace Latchkey.Audit;

/// <summary>
/// Audit lines gathered for one group commit, and the task their writers await. The buffer
/// keeps two and swaps them: one fills while the other is written.
/// </summary>
internal sealed class AuditLineBatch
{
    /// <summary>A batch that grew past this under a burst is dropped rather than kept, so its memory goes back.</summary>
    internal const int MaxRetainedBytes = 1024 * 1024;

    private const int InitialBytes = 64 * 1024;

    private ArrayBufferWriter<byte> _bytes = new(InitialBytes);
    private TaskCompletionSource<bool> _written = NewCompletion();

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Bytes => _bytes.WrittenSpan;

    /// <summary>Completes with true once every line of the batch is handed to the OS, false if not.</summary>
    public Task<bool> Written => _written.Task;

    /// <summary>Adds one line and its newline.</summary>
    public void Add(ReadOnlySpan<byte> line)
    {
        var span = _bytes.GetSpan(line.Length + 1);
        line.CopyTo(span);
        span[line.Length] = (byte)'\n';
        _bytes.Advance(line.Length + 1);
        Count++;
    }

    /// <summary>
    /// Empties the batch for reuse and returns the completion of the lines it held, to be set
    /// once the batch is back in the pool: the writers it wakes may append at once.
    /// </summary>
    public TaskCompletionSource<bool> Reset()
    {
        var written = _written;
        _written = NewCompletion();
        Count = 0;
        if (_bytes.Capacity > MaxRetainedBytes)
        {
            _bytes = new ArrayBufferWriter<byte>(InitialBytes);
        }
        else
        {
            _bytes.ResetWrittenCount();
        }

        return written;
    }

    // Continuations run on the writing thread, in order: the requests waiting on a batch are
    // finished there, without one thread-pool dispatch each.
    private static TaskCompletionSource<bool> NewCompletion() => new(TaskCreationOptions.None);
}
