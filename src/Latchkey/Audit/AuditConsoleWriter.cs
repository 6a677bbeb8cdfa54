using System.Buffers;
using System.Threading.Channels;

namespace Latchkey.Audit;

/// <summary>
/// Writes audit events to standard output as the same CLEF lines the durable buffer holds, in
/// batches from a background task: the request only copies the bytes it already formatted.
/// The console is the secondary copy (the durable buffer is what fails closed and what Seq is
/// fed from), so if standard output cannot keep up, lines beyond the queue are dropped and
/// counted rather than slowing requests.
/// </summary>
internal sealed partial class AuditConsoleWriter : IAuditConsole, IDisposable
{
    internal const int QueueCapacity = 50_000;

    /// <summary>
    /// How long the pump lets lines gather after writing: under load it wakes about 20 times a
    /// second and writes large batches instead of one thread-pool dispatch and one write(2) per
    /// line or two; after a quiet spell the first line is written at once.
    /// </summary>
    internal static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(50);

    private const int BatchBytes = 64 * 1024;
    private const int MaxRetainedBytes = 1024 * 1024;
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _pendingLock = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stream _output;
    private readonly TextWriter _consoleLock;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditConsoleWriter> _logger;
    private readonly Task _pump;

    // Lines are copied into _pending (each with its newline) as they come; the pump swaps it
    // with _writing and writes that. No array per line: the request only copies bytes.
    private ArrayBufferWriter<byte> _pending = new(BatchBytes);
    private ArrayBufferWriter<byte> _writing = new(BatchBytes);
    private int _pendingLines;
    private bool _wakeSent;
    private bool _completed;
    private DateTimeOffset _lastReport;
    private long _dropped;

    public AuditConsoleWriter(TimeProvider time, ILogger<AuditConsoleWriter> logger)
        : this(Console.OpenStandardOutput(), Console.Out, time, logger)
    {
    }

    internal AuditConsoleWriter(Stream output, TextWriter consoleLock, TimeProvider time, ILogger<AuditConsoleWriter> logger)
    {
        _output = output;
        _consoleLock = consoleLock;
        _time = time;
        _logger = logger;
        _lastReport = time.GetUtcNow();
        _pump = Task.Run(PumpAsync);
    }

    // A full queue drops the line (counted); after Dispose it is refused.
    public void Enqueue(ReadOnlySpan<byte> clefLine)
    {
        bool wake;
        lock (_pendingLock)
        {
            if (_completed)
            {
                return;
            }

            if (_pendingLines >= QueueCapacity)
            {
                _dropped++;
                return;
            }

            var span = _pending.GetSpan(clefLine.Length + 1);
            clefLine.CopyTo(span);
            span[clefLine.Length] = (byte)'\n';
            _pending.Advance(clefLine.Length + 1);
            _pendingLines++;

            // One wake-up per batch: later lines need not touch the channel (and its lock).
            wake = !_wakeSent;
            _wakeSent = true;
        }

        if (wake)
        {
            _ = _wake.Writer.TryWrite(true);
        }
    }

    public void Dispose()
    {
        lock (_pendingLock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
        }

        // Cut the gathering wait short and give the queue a moment to drain on shutdown; the
        // durable buffer has every event anyway.
        _wake.Writer.TryComplete();
        _stopping.Cancel();
        if (_pump.Wait(DrainTimeout))
        {
            _stopping.Dispose();
        }
    }

    private async Task PumpAsync()
    {
        var stopping = _stopping.Token;
        while (await _wake.Reader.WaitToReadAsync())
        {
            _ = _wake.Reader.TryRead(out _);
            WriteQueued();

            // The queue was empty a moment ago: rather than wake for the next line, let lines gather.
            await Task.Delay(GatherWindow, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Completed: whatever was queued after the last wake-up.
        WriteQueued();
    }

    private void WriteQueued()
    {
        lock (_pendingLock)
        {
            (_pending, _writing) = (_writing, _pending);
            _pendingLines = 0;
            _wakeSent = false;
        }

        if (_writing.WrittenCount > 0)
        {
            WriteBatch();
        }
    }

    private void WriteBatch()
    {
        Write(_writing.WrittenSpan);

        // A burst's worth of buffer is let go rather than kept for good.
        _writing = _writing.Capacity > MaxRetainedBytes ? new ArrayBufferWriter<byte>(BatchBytes) : _writing;
        _writing.ResetWrittenCount();

        // Checked per batch, not per wake-up: when standard output is the bottleneck the queue
        // never empties, and that is when lines are dropped.
        if (_time.GetUtcNow() - _lastReport > DropReportInterval && TakeDropped() is > 0 and var dropped)
        {
            _lastReport = _time.GetUtcNow();
            Log.LinesDropped(_logger, dropped);
        }
    }

    private long TakeDropped()
    {
        lock (_pendingLock)
        {
            var dropped = _dropped;
            _dropped = 0;
            return dropped;
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            // Console.Out (a synchronized writer) locks on itself: holding the same lock keeps
            // these lines from interleaving with application log lines written through it.
            lock (_consoleLock)
            {
                _output.Write(bytes);
                _output.Flush();
            }
        }
        catch (IOException)
        {
            // Standard output closed (a detached console): nothing to write to; keep draining.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, EventName = "AuditConsoleLinesDropped", Level = LogLevel.Warning,
            Message = "Standard output could not keep up: {Count} audit lines were not written to the console (the durable buffer and Seq have them)")]
        public static partial void LinesDropped(ILogger logger, long count);
    }
}
