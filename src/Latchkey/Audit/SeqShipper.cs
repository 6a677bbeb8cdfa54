using Latchkey.Telemetry;
using Microsoft.Extensions.Options;

namespace Latchkey.Audit;

/// <summary>
/// Ships the durable buffer to Seq in order, at least once: a batch is retried with backoff
/// until Seq stores it, and only then does the persisted checkpoint move past it. Writers
/// never wait for this loop. Without Seq it only keeps the buffer within its size budget.
/// </summary>
internal sealed partial class SeqShipper : BackgroundService
{
    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(500);
    internal static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);
    internal static readonly TimeSpan RetentionInterval = TimeSpan.FromSeconds(10);

    private readonly SeqOptions _seq;
    private readonly AuditOptions _audit;
    private readonly DurableAuditBuffer _buffer;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SeqShipper> _logger;
    private readonly ShipCheckpointStore _checkpoints;
    private readonly RejectedEventStore _rejected;
    private readonly AuditShippingLag _lag;
    private ShipPosition? _position;
    private bool _reachable = true;

    public SeqShipper(
        IOptions<SeqOptions> seqOptions,
        IOptions<AuditOptions> auditOptions,
        DurableAuditBuffer buffer,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<SeqShipper> logger,
        AuditShippingLag lag)
    {
        _lag = lag;
        ArgumentNullException.ThrowIfNull(seqOptions);
        ArgumentNullException.ThrowIfNull(auditOptions);
        ArgumentNullException.ThrowIfNull(buffer);
        _seq = seqOptions.Value;
        _audit = auditOptions.Value;
        _buffer = buffer;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _checkpoints = new ShipCheckpointStore(buffer.DirectoryPath);
        _rejected = new RejectedEventStore(buffer.DirectoryPath);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_seq.IsEnabled)
            {
                await ShipLoopAsync(new SeqIngestClient(_httpClientFactory, _seq), stoppingToken);
            }
            else
            {
                await RetentionLoopAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: whatever is unshipped stays in the buffer for the next start.
        }
    }

    private async Task ShipLoopAsync(SeqIngestClient client, CancellationToken stoppingToken)
    {
        _position = _checkpoints.Load();
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            ShipStep step;
            try
            {
                step = await ShipNextAsync(client, stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.BufferReadFailed(_logger, _buffer.DirectoryPath, ex);
                step = ShipStep.Failed;
            }

            if (step is ShipStep.CaughtUp or ShipStep.Idle) { _lag.CaughtUp(); } else { _lag.Behind(); }
            switch (step)
            {
                case ShipStep.Progressed:
                    backoff = TimeSpan.Zero;
                    break;
                case ShipStep.CaughtUp:
                    backoff = TimeSpan.Zero;
                    await GatherAsync(stoppingToken);
                    break;
                case ShipStep.Idle:
                    backoff = TimeSpan.Zero;
                    await _buffer.WaitForAppendAsync(IdlePoll, stoppingToken);
                    await GatherAsync(stoppingToken);
                    break;
                default:
                    backoff = NextBackoff(backoff);
                    await Task.Delay(backoff, _timeProvider, stoppingToken);
                    break;
            }
        }
    }

    /// <summary>Lets the next batch fill for <see cref="SeqOptions.BatchWindow"/> before reading it.</summary>
    private Task GatherAsync(CancellationToken stoppingToken) =>
        _seq.BatchWindow > TimeSpan.Zero ? Task.Delay(_seq.BatchWindow, _timeProvider, stoppingToken) : Task.CompletedTask;

    public override void Dispose()
    {
        _checkpoints.Dispose();
        base.Dispose();
    }

    private TimeSpan NextBackoff(TimeSpan current)
    {
        var next = current == TimeSpan.Zero ? InitialBackoff : current * 2;
        return next > _seq.MaxBackoff ? _seq.MaxBackoff : next;
    }

    private async Task<ShipStep> ShipNextAsync(SeqIngestClient client, CancellationToken cancellationToken)
    {
        var snapshot = _buffer.Snapshot();
        var position = ResolvePosition(snapshot);
        if (position is null)
        {
            return ShipStep.Idle;
        }

        DeleteShipped(snapshot, position.Segment);
        using var batch = SegmentReader.Read(_buffer.PathOf(position.Segment), position.Offset, _seq.BatchMaxEvents, _seq.BatchMaxBytes);
        if (batch.Lines.Count > 0)
        {
            if (!await SendAsync(client, position.Segment, batch, 0, batch.Lines.Count, cancellationToken))
            {
                return ShipStep.Failed;
            }

            // A full batch means more is waiting: go on at once; otherwise let the next one gather.
            return batch.Lines.Count >= _seq.BatchMaxEvents ? ShipStep.Progressed : ShipStep.CaughtUp;
        }

        var next = snapshot.Segments.Where(s => s > position.Segment).Cast<SegmentName?>().FirstOrDefault();
        if (!snapshot.IsClosed(position.Segment) || next is null)
        {
            return ShipStep.Idle;
        }

        if (!batch.Tail.IsEmpty)
        {
            // A closed segment ending mid-line: a write cut short by a crash or a full disk.
            _rejected.Append(position.Segment, batch.Tail.Span);
            Log.TornTailSetAside(_logger, position.Segment.FileName, position.Offset, batch.Tail.Length);
        }

        Commit(new ShipPosition(next.Value, 0));
        DeleteShipped(snapshot, next.Value);
        return ShipStep.Progressed;
    }

    // Seq refuses a batch with 400/413 when one event in it is bad or it is too big: halve it
    // until the bad event stands alone, then set that one aside instead of blocking the stream.
    private async Task<bool> SendAsync(SeqIngestClient client, SegmentName segment, SegmentBatch batch, int start, int count, CancellationToken cancellationToken)
    {
        var result = await client.PostAsync(batch.Body(start, count), cancellationToken);
        switch (result.Outcome)
        {
            case SeqIngestOutcome.Accepted:
                MarkReachable();
                Commit(new ShipPosition(segment, batch.EndOffsets[start + count - 1]));
                return true;
            case SeqIngestOutcome.Rejected when count == 1:
                MarkReachable();
                var offset = start == 0 ? _position?.Offset ?? 0 : batch.EndOffsets[start - 1];
                _rejected.Append(segment, batch.Lines[start].Span);
                Log.EventRejected(_logger, segment.FileName, offset, result.Detail, _rejected.PathFor(segment));
                Commit(new ShipPosition(segment, batch.EndOffsets[start]));
                return true;
            case SeqIngestOutcome.Rejected:
                MarkReachable();
                var half = count / 2;
                return await SendAsync(client, segment, batch, start, half, cancellationToken)
                    && await SendAsync(client, segment, batch, start + half, count - half, cancellationToken);
            default:
                MarkUnreachable(result.Detail);
                return false;
        }
    }

    private ShipPosition? ResolvePosition(SegmentSnapshot snapshot)
    {
        if (snapshot.Segments.Count == 0)
        {
            return null;
        }

        if (_position is null)
        {
            return new ShipPosition(snapshot.Segments[0], 0);
        }

        if (snapshot.Segments.Contains(_position.Segment))
        {
            return _position;
        }

        // The checkpointed segment is gone (shipped and deleted): resume at the next one.
        var position = _position;
        return snapshot.Segments.Where(s => s > position.Segment)
            .Select(s => new ShipPosition(s, 0))
            .FirstOrDefault();
    }

    private void Commit(ShipPosition position)
    {
        _position = position;
        try
        {
            _checkpoints.Save(position);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Shipping goes on from memory; after a restart the older checkpoint means re-sends, not loss.
            Log.CheckpointSaveFailed(_logger, _buffer.DirectoryPath, ex);
        }
    }

    private void DeleteShipped(SegmentSnapshot snapshot, SegmentName shippingFrom)
    {
        foreach (var segment in snapshot.Segments)
        {
            if (segment >= shippingFrom)
            {
                break;
            }

            if (snapshot.IsClosed(segment))
            {
                TryDelete(segment);
            }
        }
    }

    private async Task RetentionLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ApplyRetention();
            await Task.Delay(RetentionInterval, _timeProvider, stoppingToken);
        }
    }

    /// <summary>Without Seq, deletes the oldest closed segments beyond the retention budget.</summary>
    internal void ApplyRetention()
    {
        var snapshot = _buffer.Snapshot();
        var sizes = snapshot.Segments.Select(s => (Segment: s, Bytes: SizeOf(s))).ToList();
        var total = sizes.Sum(s => s.Bytes);
        var deleted = 0;
        foreach (var (segment, bytes) in sizes)
        {
            if (total <= _audit.RetainBytesWithoutSeq)
            {
                break;
            }

            if (snapshot.IsClosed(segment) && TryDelete(segment))
            {
                total -= bytes;
                deleted++;
            }
        }

        if (deleted > 0)
        {
            Log.RetentionDeleted(_logger, deleted, _audit.RetainBytesWithoutSeq);
        }
    }

    private long SizeOf(SegmentName segment)
    {
        try
        {
            return new FileInfo(_buffer.PathOf(segment)).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private bool TryDelete(SegmentName segment)
    {
        try
        {
            File.Delete(_buffer.PathOf(segment));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.DeleteFailed(_logger, segment.FileName, ex);
            return false;
        }
    }

    private void MarkUnreachable(string detail)
    {
        if (_reachable)
        {
            _reachable = false;
            Log.SeqUnreachable(_logger, detail);
        }
    }

    private void MarkReachable()
    {
        if (!_reachable)
        {
            _reachable = true;
            Log.SeqRecovered(_logger);
        }
    }

    private enum ShipStep
    {
        Idle,
        Progressed,
        CaughtUp,
        Failed,
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5003, EventName = "SeqUnreachable", Level = LogLevel.Warning,
            Message = "Seq is unreachable ({Detail}); audit events stay in the local buffer and are retried")]
        public static partial void SeqUnreachable(ILogger logger, string detail);

        [LoggerMessage(EventId = 5004, EventName = "AuditEventRejected", Level = LogLevel.Error,
            Message = "Seq rejected the audit event at {Segment}:{Offset} ({Detail}); it was moved to {RejectedFile}")]
        public static partial void EventRejected(ILogger logger, string segment, long offset, string detail, string rejectedFile);

        [LoggerMessage(EventId = 5005, EventName = "SeqRecovered", Level = LogLevel.Information,
            Message = "Seq is reachable again; shipping the buffered audit events")]
        public static partial void SeqRecovered(ILogger logger);

        [LoggerMessage(EventId = 5007, EventName = "AuditTornTailSetAside", Level = LogLevel.Warning,
            Message = "Segment {Segment} ends with an incomplete line at {Offset} ({Length} bytes); it was moved to rejected/")]
        public static partial void TornTailSetAside(ILogger logger, string segment, long offset, int length);

        [LoggerMessage(EventId = 5008, EventName = "AuditRetentionDeleted", Level = LogLevel.Warning,
            Message = "Seq is not configured: deleted {Count} oldest audit segments to stay within {RetainBytes} bytes")]
        public static partial void RetentionDeleted(ILogger logger, int count, long retainBytes);

        [LoggerMessage(EventId = 5009, EventName = "AuditBufferReadFailed", Level = LogLevel.Error,
            Message = "Reading the audit buffer at {BufferPath} failed; retrying")]
        public static partial void BufferReadFailed(ILogger logger, string bufferPath, Exception exception);

        [LoggerMessage(EventId = 5010, EventName = "AuditCheckpointSaveFailed", Level = LogLevel.Error,
            Message = "Saving the Seq shipping checkpoint in {BufferPath} failed; a restart may re-send some events")]
        public static partial void CheckpointSaveFailed(ILogger logger, string bufferPath, Exception exception);

        [LoggerMessage(EventId = 5011, EventName = "AuditSegmentDeleteFailed", Level = LogLevel.Warning,
            Message = "Deleting audit segment {Segment} failed")]
        public static partial void DeleteFailed(ILogger logger, string segment, Exception exception);
    }
}
