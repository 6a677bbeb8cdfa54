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
    private const long MinFreeBytesToRecover = 1024 * 1024;

    private static readonly Task<bool> Refused = Task.FromResult(false);

    // _sync orders segment writes and changes; _pendingSync only guards the filling batch, so
    // appending never waits for a write in progress. Taken in that order when both are needed.
    private readonly Lock _sync = new();
    private readonly Lock _pendingSync = new();
    private readonly long _segmentBytes;
    private readonly long _maxBufferBytes;
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
    private long _bufferedBytes;
    private BufferFill _fill;
    private volatile bool _writable = true;
    private volatile bool _full;
    private volatile bool _disposed;

    public DurableAuditBuffer(
        string directory,
        long segmentBytes,
        TimeProvider timeProvider,
        ILogger<DurableAuditBuffer> logger,
        long maxBufferBytes = long.MaxValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferBytes, segmentBytes);
        DirectoryPath = Path.GetFullPath(directory);
        _segmentBytes = segmentBytes;
        _maxBufferBytes = maxBufferBytes;
        _timeProvider = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(DirectoryPath);
        RefuseVolumeSmallerThanSegment(DirectoryPath, segmentBytes);
        _instanceLock = AcquireInstanceLock(DirectoryPath);
        var existing = ListSegments();
        if (existing.Count > 0)
        {
            _newest = existing[^1];
            _nextSequence = existing[^1].Sequence + 1;
        }

        Log.Opened(_logger, DirectoryPath, existing.Count);
        lock (_sync)
        {
            MeasureLocked();
        }

        _watchdog = _timeProvider.CreateTimer(_ => CheckSegmentStillInPlace(), null, ProbeInterval, ProbeInterval);
    }

    public string DirectoryPath { get; }

    /// <summary>
    /// False from a failed write until the recovery probe can write again, and while the buffer
    /// holds <c>Latchkey:Audit:MaxBufferBytes</c> or more (Seq down for long): fail closed rather
    /// than fill the disk. At the cap only completions are still taken (<see cref="AppendCompletionAsync"/>).
    /// </summary>
    public bool IsWritable => _writable && !_full;

    /// <summary>Bytes in the buffer's segment files (shipped segments are deleted); read by the telemetry gauge.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>
    /// Appends one line (no newline inside) and hands it to the OS before returning, with any
    /// lines still waiting for their group commit. False when it could not be written; the
    /// caller must then fail closed. For rare events; the request path uses <see cref="AppendAsync"/>.
    /// </summary>
    public bool TryAppend(ReadOnlySpan<byte> line) => AppendNow(line, pastCap: false);

    /// <summary><see cref="TryAppend"/> for a completion: taken past the cap, as <see cref="AppendCompletionAsync"/>.</summary>
    public bool TryAppendCompletion(ReadOnlySpan<byte> line) => AppendNow(line, pastCap: true);

    /// <summary>
    /// Queues one line (no newline inside) for the next group commit. The task completes with
    /// true once the line is handed to the OS, with false when it could not be written; the
    /// caller must then fail closed. Every line of one batch is in the same task.
    /// </summary>
    public Task<bool> AppendAsync(ReadOnlySpan<byte> line) => Append(line, pastCap: false);

    /// <summary>
    /// <see cref="AppendAsync"/> for the completion of a request whose write-ahead record is
    /// already written: taken even at <c>MaxBufferBytes</c>, so the cap never leaves a forwarded
    /// request without its completion. What it lets past the cap is bounded by the requests in
    /// flight when the cap was reached. A failed write refuses it like any other line.
    /// </summary>
    public Task<bool> AppendCompletionAsync(ReadOnlySpan<byte> line) => Append(line, pastCap: true);

    private bool AppendNow(ReadOnlySpan<byte> line, bool pastCap)
    {
        var written = Append(line, pastCap);
        FlushPending();

        // Done unless a flush on another thread took the line first; that one completes it
        // right after its write, which has ended once FlushPending got past it.
        return written.GetAwaiter().GetResult();
    }

    private Task<bool> Append(ReadOnlySpan<byte> line, bool pastCap)
    {
        if (line.Contains((byte)'\n'))
        {
            throw new ArgumentException("An audit line must not contain a newline.", nameof(line));
        }

        if (_disposed || !_writable || (_full && !pastCap))
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

            // The cap was checked as each line was taken: a line taken just before it was reached is written.
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

    /// <summary>
    /// Writes one batch, all or nothing: its writers are told true or false for all of its lines,
    /// and a refused line must not be left behind for the shipper, since its request was refused.
    /// A batch goes to one segment whenever it fits in one: one that does not fit in the room left
    /// starts the next segment, so a segment that cannot be created leaves no line of it anywhere.
    /// </summary>
    private bool TryWriteLocked(ReadOnlySpan<byte> lines)
    {
        var before = _segmentLength;
        SegmentName? firstOpened = null;
        try
        {
            while (!lines.IsEmpty)
            {
                var take = LinesThatFit(lines);
                if (_segment is null || take == 0)
                {
                    CloseSegmentQuietly();
                    OpenNewSegment();
                    firstOpened ??= _current;
                    before = 0;
                    continue;
                }

                _segment.Write(lines[..take]);
                _segmentLength += take;
                lines = lines[take..];
                UpdateFillLocked(_bufferedBytes + take);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            OnWriteFailed(ex, before);
            DeleteFilledBy(firstOpened);
            return false;
        }
    }

    /// <summary>
    /// How many bytes of whole lines from the start of <paramref name="lines"/> the current
    /// segment takes; 0 means roll to a new segment first. A segment with lines in it takes the
    /// rest of a batch only whole; an empty one takes what fits of it, and at least one line.
    /// </summary>
    private int LinesThatFit(ReadOnlySpan<byte> lines)
    {
        var room = _segmentBytes - _segmentLength;
        if (lines.Length <= room)
        {
            return lines.Length;
        }

        if (_segmentLength > 0)
        {
            return 0;
        }

        var fit = lines[..(int)room].LastIndexOf((byte)'\n') + 1;
        return fit > 0 ? fit : lines.IndexOf((byte)'\n') + 1;
    }

    /// <summary>
    /// After a failed batch that opened segments: those (from <paramref name="firstOpened"/> on, all
    /// closed by now) hold only its lines, the part written before the failure.
    /// </summary>
    private void DeleteFilledBy(SegmentName? firstOpened)
    {
        if (firstOpened is not { } first)
        {
            return;
        }

        try
        {
            foreach (var segment in ListSegments().Where(s => s >= first))
            {
                File.Delete(PathOf(segment));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder itself failed: the shipper finds the lines, as after a crash mid-batch.
        }
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
            if (_disposed)
            {
                return;
            }

            // Shipping and retention delete segments behind the writer's back: count what is left.
            MeasureLocked();
            if (!_writable || _current is not { } current || File.Exists(PathOf(current)))
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
                // Creating an empty file succeeds on a full volume; wait for room to write in.
                if (new DriveInfo(DirectoryPath).AvailableFreeSpace < Math.Min(_segmentBytes, MinFreeBytesToRecover))
                {
                    return;
                }

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

    private static void RefuseVolumeSmallerThanSegment(string directory, long segmentBytes)
    {
        var volumeBytes = new DriveInfo(directory).TotalSize;
        if (volumeBytes < segmentBytes)
        {
            throw new InvalidOperationException(
                $"The audit buffer volume at '{directory}' holds {volumeBytes} bytes, less than one segment "
                + $"({AuditOptions.SectionName}:SegmentBytes = {segmentBytes}). Give the buffer a larger volume "
                + "or lower SegmentBytes; a buffer that cannot hold one segment could never write reliably.");
        }
    }

    private void MeasureLocked()
    {
        List<SegmentName> segments;
        try
        {
            segments = ListSegments();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder itself is gone or unreadable: the write path fails closed on its own.
            return;
        }

        long total = 0;
        foreach (var segment in segments)
        {
            try
            {
                total += new FileInfo(PathOf(segment)).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Deleted between listing and measuring: it no longer counts.
            }
        }

        UpdateFillLocked(total);
    }

    private void UpdateFillLocked(long bufferedBytes)
    {
        _bufferedBytes = bufferedBytes;
        var fill = bufferedBytes >= _maxBufferBytes ? BufferFill.Full
            : bufferedBytes >= _maxBufferBytes / 10 * 8 ? BufferFill.NearlyFull
            : BufferFill.Normal;
        if (fill == _fill)
        {
            return;
        }

        var previous = _fill;
        _fill = fill;
        _full = fill == BufferFill.Full;
        switch (fill)
        {
            case BufferFill.Full:
                Log.Full(_logger, DirectoryPath, bufferedBytes, _maxBufferBytes);
                break;
            case BufferFill.NearlyFull when previous == BufferFill.Normal:
                Log.NearlyFull(_logger, DirectoryPath, bufferedBytes, _maxBufferBytes);
                break;
            case BufferFill.Normal or BufferFill.NearlyFull when previous == BufferFill.Full:
                Log.BelowCap(_logger, DirectoryPath, bufferedBytes, _maxBufferBytes);
                break;
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

        [LoggerMessage(EventId = 5012, EventName = "AuditBufferNearlyFull", Level = LogLevel.Warning,
            Message = "Audit buffer at {BufferPath} holds {BufferedBytes} of at most {MaxBufferBytes} bytes: requests will be refused at the cap (is Seq reachable?)")]
        public static partial void NearlyFull(ILogger logger, string bufferPath, long bufferedBytes, long maxBufferBytes);

        [LoggerMessage(EventId = 5013, EventName = "AuditBufferFull", Level = LogLevel.Error,
            Message = "Audit buffer at {BufferPath} holds {BufferedBytes} bytes, its cap is {MaxBufferBytes}: requests fail closed until shipping frees room")]
        public static partial void Full(ILogger logger, string bufferPath, long bufferedBytes, long maxBufferBytes);

        [LoggerMessage(EventId = 5014, EventName = "AuditBufferBelowCap", Level = LogLevel.Information,
            Message = "Audit buffer at {BufferPath} is below its cap again ({BufferedBytes} of {MaxBufferBytes} bytes)")]
        public static partial void BelowCap(ILogger logger, string bufferPath, long bufferedBytes, long maxBufferBytes);

        [LoggerMessage(EventId = 5006, EventName = "AuditBufferRecovered", Level = LogLevel.Information,
            Message = "Audit buffer at {BufferPath} is writable again")]
        public static partial void Recovered(ILogger logger, string bufferPath);
    }
}
