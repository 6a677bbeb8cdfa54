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
    private const int BatchBytes = 64 * 1024;
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<byte[]> _lines = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Stream _output;
    private readonly TextWriter _consoleLock;
    private readonly ILogger<AuditConsoleWriter> _logger;
    private readonly Task _pump;
    private long _dropped;

    public AuditConsoleWriter(ILogger<AuditConsoleWriter> logger)
        : this(Console.OpenStandardOutput(), Console.Out, logger)
    {
    }

    internal AuditConsoleWriter(Stream output, TextWriter consoleLock, ILogger<AuditConsoleWriter> logger)
    {
        _output = output;
        _consoleLock = consoleLock;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    public void Enqueue(byte[] clefLine)
    {
        if (!_lines.Writer.TryWrite(clefLine))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Dispose()
    {
        _lines.Writer.TryComplete();

        // Give the queue a moment to drain on shutdown; the durable buffer has every event anyway.
        _pump.Wait(TimeSpan.FromSeconds(2));
    }

    private async Task PumpAsync()
    {
        var batch = new ArrayBufferWriter<byte>(BatchBytes);
        var lastReport = DateTime.UtcNow;
        while (await _lines.Reader.WaitToReadAsync())
        {
            while (batch.WrittenCount < BatchBytes && _lines.Reader.TryRead(out var line))
            {
                batch.Write(line);
                batch.Write(NewLine);
            }

            Write(batch.WrittenSpan);
            batch.ResetWrittenCount();
            if (DateTime.UtcNow - lastReport > DropReportInterval && Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
            {
                lastReport = DateTime.UtcNow;
                Log.LinesDropped(_logger, dropped);
            }
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
