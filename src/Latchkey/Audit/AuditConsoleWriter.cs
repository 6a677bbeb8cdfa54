using System.Buffers;
using System.Threading.Channels;

namespace Latchkey.Audit;

/// <summary>
/// Writes audit events to standard output as the same CLEF lines the durable buffer holds, in
/// batches from a background task: the request only queues the bytes it already formatted.
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
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<byte[]> _lines;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ArrayBufferWriter<byte> _batch = new(BatchBytes);
    private readonly Stream _output;
    private readonly TextWriter _consoleLock;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditConsoleWriter> _logger;
    private readonly Task _pump;
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

        // With DropWrite, TryWrite succeeds for a full queue too; only this callback sees the drop.
        _lines = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            _ => Interlocked.Increment(ref _dropped));
        _pump = Task.Run(PumpAsync);
    }

    // A full queue drops the line (counted by the channel's callback); after Dispose it is refused.
    public void Enqueue(byte[] clefLine) => _ = _lines.Writer.TryWrite(clefLine);

    public void Dispose()
    {
        if (!_lines.Writer.TryComplete())
        {
            return;
        }

        // Cut the gathering wait short and give the queue a moment to drain on shutdown; the
        // durable buffer has every event anyway.
        _stopping.Cancel();
        if (_pump.Wait(DrainTimeout))
        {
            _stopping.Dispose();
        }
    }

    private async Task PumpAsync()
    {
        var stopping = _stopping.Token;
        while (await _lines.Reader.WaitToReadAsync())
        {
            WriteQueued();

            // The queue was empty a moment ago: rather than wake for the next line, let lines gather.
            await Task.Delay(GatherWindow, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void WriteQueued()
    {
        while (_lines.Reader.TryRead(out var line))
        {
            _batch.Write(line);
            _batch.Write(NewLine);
            if (_batch.WrittenCount >= BatchBytes)
            {
                WriteBatch();
            }
        }

        if (_batch.WrittenCount > 0)
        {
            WriteBatch();
        }
    }

    private void WriteBatch()
    {
        Write(_batch.WrittenSpan);
        _batch.ResetWrittenCount();

        // Checked per batch, not per wake-up: when standard output is the bottleneck the queue
        // never empties, and that is when lines are dropped.
        if (_time.GetUtcNow() - _lastReport > DropReportInterval && Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
        {
            _lastReport = _time.GetUtcNow();
            Log.LinesDropped(_logger, dropped);
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
