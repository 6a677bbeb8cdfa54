using System.Buffers;
using System.Threading.Channels;

namespace Latchkey.Audit;

/// <summary>
/// The local durable audit buffer: append-only CLEF segment files, one line per event, that
/// the Seq shipper reads from. A line is handed to the OS before <see cref="TryAppend"/>
/// returns, so a process crash loses nothing; we do not fsync per event, so an OS crash or
/// power cut may lose the last few (the usual trade-off of a log under request load).
/// </summary>
internal sealed partial class DurableAuditBuffer : IDisposable
{
    internal const string LockFileName = ".lock";
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _sync = new();
    private readonly long _segmentBytes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DurableAuditBuffer> _logger;
    private readonly FileStream _instanceLock;
    private readonly Channel<bool> _appended =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private FileStream? _segment;
    private long _segmentLength;
    private SegmentName? _current;
    private SegmentName? _newest;
    private long _nextSequence;
    private ITimer? _probe;
    private ITimer? _watchdog;
    private volatile bool _writable = true;
    private bool _disposed;

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
    /// Appends one line (no newline inside) and hands it to the OS. False when it could not
    /// be written; the caller must then fail closed.
    /// </summary>
    public bool TryAppend(ReadOnlySpan<byte> line)
    {
        if (line.Contains((byte)'\n'))
        {
            throw new ArgumentException("An audit line must not contain a newline.", nameof(line));
        }

        // One contiguous write per event: a line is never interleaved or split across writes.
        var bytes = ArrayPool<byte>.Shared.Rent(line.Length + 1);
        try
        {
            line.CopyTo(bytes);
            bytes[line.Length] = (byte)'\n';
            lock (_sync)
            {
                if (_disposed || !_writable)
                {
                    return false;
                }

                if (!TryWriteLocked(bytes.AsSpan(0, line.Length + 1)))
                {
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        _appended.Writer.TryWrite(true);
        return true;
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

    private bool TryWriteLocked(ReadOnlySpan<byte> bytes)
    {
        var before = _segmentLength;
        try
        {
            if (_segment is null || (_segmentLength > 0 && _segmentLength + bytes.Length > _segmentBytes))
            {
                CloseSegmentQuietly();
                OpenNewSegment();
                before = 0;
            }

            _segment!.Write(bytes);
            _segment.Flush(flushToDisk: false);
            _segmentLength += bytes.Length;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            OnWriteFailed(ex, before);
            return false;
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
            // Unbuffered: each event is one write(2), so nothing sits in a user-space buffer.
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
