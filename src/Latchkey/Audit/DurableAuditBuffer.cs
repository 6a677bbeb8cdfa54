using System.Threading.Channels;

namespace Latchkey.Audit;

/// <summary>
/// The local durable audit buffer: append-only CLEF segment files, one line per event, that
/// the Seq shipper reads from. Lines are handed to the OS by group commit: the lines appended
/// while the previous write ran go out in one write(2), and each writer's task completes only
/// then, so a request that awaits its line ends with the line in the file and a process crash
/// loses none of those. We do not fsync, so an OS crash or power cut may lose the last few
/// (the usual trade-off of a log under request load).
/// </summary>
internal sealed partial class DurableAuditBuffer : IDisposable
{
    internal const string LockFileName = ".lock";
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private static readonly Task<bool> Refused = Task.FromResult(false);

    // _sync orders segment writes and changes; _pendingSync only guards the filling batch, so
    // appending never waits for a write in progress. Taken in that order when both are needed.
    private readonly Lock _sync = new();
    private readonly Lock _pendingSync = new();
    private readonly long _segmentBytes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DurableAuditBuffer> _logger;
    private readonly FileStream _instanceLock;
    private readonly Channel<bool> _appended =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private AuditLineBatch _filling = new();
    private AuditLineBatch? _spare = new();
    private bool _flushQueued;
    private FileStream? _segment;
    private long _segmentLength;
    private SegmentName? _current;
    private SegmentName? _newest;
    private long _nextSequence;
    private ITimer? _probe;
    private ITimer? _watchdog;
    private volatile bool _writable = true;
    private volatile bool _disposed;

    public DurableAuditBuffer(string directory, long segmentBytes, TimeProvider timeProvider, ILogger<DurableAuditBuffer> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, 1);
        DirectoryPath = Path.GetFullPath(directory);
        _segmentBytes = segmentBytes;
        _timeProvider = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(DirectoryPath);
        _instanceLock = AcquireInstanceLock(DirectoryPath);
        var existing = ListSegments();
        if (existing.Count > 0)
        {
            _newest = existing[^1];
            _nextSequence = existing[^1].Sequence + 1;
        }

        Log.Opened(_logger, DirectoryPath, existing.Count);
        _watchdog = _timeProvider.CreateTimer(_ => CheckSegmentStillInPlace(), null, ProbeInterval, ProbeInterval);
    }

    public string DirectoryPath { get; }

    /// <summary>False from a failed write until the recovery probe can write again.</summary>
    public bool IsWritable => _writable;

    /// <summary>
    /// Appends one line (no newline inside) and hands it to the OS before returning, with any
    /// lines still waiting for their group commit. False when it could not be written; the
    /// caller must then fail closed. For rare events; the request path uses <see cref="AppendAsync"/>.
    /// </summary>
    public bool TryAppend(ReadOnlySpan<byte> line)
    {
        var written = AppendAsync(line);
        FlushPending();

        // Done unless a flush on another thread took the line first; that one completes it
        // right after its write, which has ended once FlushPending got past it.
        return written.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Queues one line (no newline inside) for the next group commit. The task completes with
    /// true once the line is handed to the OS, with false when it could not be written; the
    /// caller must then fail closed. Every line of one batch is in the same task.
    /// </summary>
    public Task<bool> AppendAsync(ReadOnlySpan<byte> line)
    {
        if (line.Contains((byte)'\n'))
        {
            throw new ArgumentException("An audit line must not contain a newline.", nameof(line));
        }

        if (_disposed || !_writable)
        {
            return Refused;
        }

        bool queueFlush;
        Task<bool> written;
        lock (_pendingSync)
        {
            _filling.Add(line);
            written = _filling.Written;
            queueFlush = !_flushQueued;
            _flushQueued = true;
        }

        // Behind the work already queued, so whatever else runs first appends to the same batch.
        if (queueFlush)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static buffer => buffer.FlushPending(), this, preferLocal: false);
        }

        return written;
    }

    /// <summary>Writes the lines waiting for their group commit, if any, in one write(2).</summary>
    internal void FlushPending()
    {
        AuditLineBatch batch;
        bool written;
        lock (_sync)
        {
            lock (_pendingSync)
            {
                _flushQueued = false;
                if (_filling.Count == 0)
                {
                    return;
                }

                batch = _filling;
                _filling = _spare ?? new AuditLineBatch();
                _spare = null;
            }

            written = !_disposed && _writable && TryWriteLocked(batch.Bytes);
        }

        var completion = batch.Reset();
        lock (_pendingSync)
        {
            _spare = batch;
        }

        if (written)
        {
            _appended.Writer.TryWrite(true);
        }

        completion.SetResult(written);
    }

    /// <summary>The segments on disk and the one being written.</summary>
    public SegmentSnapshot Snapshot()
    {
        // List first, without holding up writers, then read the current segment under the lock:
        // every listed file was created before that, so it is either still current or closed.
        var segments = ListSegments();
        lock (_sync)
        {
            return new SegmentSnapshot(segments, _segment is null ? null : _current);
        }
    }

    public string PathOf(SegmentName segment) => Path.Combine(DirectoryPath, segment.FileName);

    /// <summary>Completes when an event was appended since the last call, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var appended = _appended.Reader.WaitToReadAsync(cts.Token).AsTask();
        var elapsed = Task.Delay(timeout, _timeProvider, cts.Token);
        await Task.WhenAny(appended, elapsed);
        await cts.CancelAsync();
        _appended.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        // Lines appended after this are refused; a flush already queued finds the buffer
        // disposed and completes its batch with false, so no writer waits forever.
        FlushPending();
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _probe?.Dispose();
            _watchdog?.Dispose();
            CloseSegmentQuietly();
            _instanceLock.Dispose();
        }
    }

    private static FileStream AcquireInstanceLock(string directory)
    {
        var path = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None is an exclusive OS lock (flock on Unix): held until this process ends.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidOperationException(
                $"The audit buffer '{directory}' is already in use by another Latchkey instance. "
                + "Give each instance its own Latchkey:Audit:BufferPath.",
                ex);
        }
    }

    private bool TryWriteLocked(ReadOnlySpan<byte> lines)
    {
        var before = _segmentLength;
        try
        {
            while (!lines.IsEmpty)
            {
                var take = LinesThatFit(lines);
                if (_segment is null || take == 0)
                {
                    CloseSegmentQuietly();
                    OpenNewSegment();
                    continue;
                }

                before = _segmentLength;
                _segment.Write(lines[..take]);
                _segmentLength += take;
                lines = lines[take..];
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            OnWriteFailed(ex, before);
            return false;
        }
    }

    /// <summary>
    /// How many bytes of whole lines from the start of <paramref name="lines"/> the current
    /// segment takes before it reaches SegmentBytes; 0 means roll to a new segment first. An
    /// empty segment takes at least one line, however long.
    /// </summary>
    private int LinesThatFit(ReadOnlySpan<byte> lines)
    {
        var room = _segmentBytes - _segmentLength;
        if (lines.Length <= room)
        {
            return lines.Length;
        }

        var fit = room <= 0 ? 0 : lines[..(int)room].LastIndexOf((byte)'\n') + 1;
        return fit > 0 || _segmentLength > 0 ? fit : lines.IndexOf((byte)'\n') + 1;
    }

    private void OpenNewSegment()
    {
        var name = NextName();
        _segment = new FileStream(PathOf(name), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read | FileShare.Delete,
            // Unbuffered: each batch is one write(2), so nothing sits in a user-space buffer.
            BufferSize = 0,
        });
        _current = name;
        _newest = name;
        _segmentLength = 0;
    }

    // Names only ever grow, even if the clock steps back, so file order is write order.
    private SegmentName NextName()
    {
        var name = SegmentName.Create(_timeProvider.GetUtcNow(), _nextSequence++);
        if (_newest is { } newest && string.CompareOrdinal(name.Timestamp, newest.Timestamp) < 0)
        {
            name = name with { Timestamp = newest.Timestamp };
        }

        return name;
    }

    private void OnWriteFailed(Exception ex, long lengthBefore)
    {
        _writable = false;
        Log.WriteFailed(_logger, DirectoryPath, ex);
        if (_segment is not null)
        {
            // Drop a partial line so the segment still ends on a line boundary.
            try
            {
                _segment.SetLength(lengthBefore);
            }
            catch (Exception truncateError) when (truncateError is IOException or UnauthorizedAccessException)
            {
                // The shipper sets a torn tail aside in rejected/ rather than ship it.
            }
        }

        CloseSegmentQuietly();
        _probe ??= _timeProvider.CreateTimer(_ => Probe(), null, ProbeInterval, ProbeInterval);
    }

    /// <summary>
    /// A segment whose file was deleted or moved still accepts writes through its open handle,
    /// and those events would be lost. Treat it as a failed write: fail closed until the probe
    /// can open a new segment where the buffer belongs.
    /// </summary>
    private void CheckSegmentStillInPlace()
    {
        lock (_sync)
        {
            if (_disposed || !_writable || _current is not { } current || File.Exists(PathOf(current)))
            {
                return;
            }

            OnWriteFailed(new IOException("The current audit segment is no longer in the buffer folder."), _segmentLength);
        }
    }

    private void Probe()
    {
        lock (_sync)
        {
            if (_disposed || _writable)
            {
                return;
            }

            try
            {
                OpenNewSegment();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            _writable = true;
            _probe?.Dispose();
            _probe = null;
            Log.Recovered(_logger, DirectoryPath);
        }
    }

    private void CloseSegmentQuietly()
    {
        try
        {
            _segment?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unbuffered stream: nothing is pending, a failing close loses no event.
        }

        _segment = null;
    }

    private List<SegmentName> ListSegments()
    {
        var names = new List<SegmentName>();
        foreach (var path in Directory.EnumerateFiles(DirectoryPath, SegmentName.SearchPattern))
        {
            if (SegmentName.TryParse(Path.GetFileName(path), out var name))
            {
                names.Add(name);
            }
        }

        names.Sort();
        return names;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, EventName = "AuditBufferOpened", Level = LogLevel.Information,
            Message = "Audit buffer opened at {BufferPath} with {SegmentCount} existing segments")]
        public static partial void Opened(ILogger logger, string bufferPath, int segmentCount);

        [LoggerMessage(EventId = 5002, EventName = "AuditBufferWriteFailed", Level = LogLevel.Error,
            Message = "Audit buffer at {BufferPath} cannot be written; requests fail closed until it recovers")]
        public static partial void WriteFailed(ILogger logger, string bufferPath, Exception exception);

        [LoggerMessage(EventId = 5006, EventName = "AuditBufferRecovered", Level = LogLevel.Information,
            Message = "Audit buffer at {BufferPath} is writable again")]
        public static partial void Recovered(ILogger logger, string bufferPath);
    }
}
