using System.Text;
using System.Text.Json;

namespace Latchkey.Audit;

/// <summary>
/// At start, before the server accepts requests: finds the write-ahead records
/// (<c>latchkey.forward</c>) left in the durable buffer by a process that stopped before writing
/// their completions, and completes each one as <c>outcome: unknown</c>. So an auditor sees every
/// forwarded request end in exactly one <c>latchkey.request</c> record, even across <c>kill -9</c>.
/// </summary>
/// <remarks>
/// Only segments still on disk are read: a write-ahead record whose segment was already shipped
/// and deleted while its request was still running (a stream longer than a segment's life) is
/// in Seq without a completion (docs/operations.md).
/// </remarks>
internal sealed partial class InterruptedRequestRecovery : IHostedService
{
    private const int ReadEvents = 4096;
    private const int ReadBytes = 4 * 1024 * 1024;

    private static readonly byte[] ForwardMarker = Encoding.UTF8.GetBytes($"\"{AuditPropertyNames.EventType}\":\"{AuditEvent.ForwardEventType}\"");
    private static readonly byte[] RequestMarker = Encoding.UTF8.GetBytes($"\"{AuditPropertyNames.EventType}\":\"{AuditEvent.RequestEventType}\"");
    private static readonly byte[] RequestIdMarker = Encoding.UTF8.GetBytes($"\"{AuditPropertyNames.RequestId}\":\"");

    private readonly DurableAuditBuffer _buffer;
    private readonly IAuditTrail _trail;
    private readonly TimeProvider _time;
    private readonly ILogger<InterruptedRequestRecovery> _logger;
    private readonly RejectedEventStore _rejected;

    public InterruptedRequestRecovery(DurableAuditBuffer buffer, IAuditTrail trail, TimeProvider time, ILogger<InterruptedRequestRecovery> logger)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
        _rejected = new RejectedEventStore(buffer.DirectoryPath);
        _trail = trail;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = FindInterrupted(cancellationToken);
        var completed = 0;
        foreach (var forward in interrupted)
        {
            // Taken past the buffer's size cap: a restart at the cap must still close what it left open.
            if (TryComplete(forward) is { } completion && _trail.TryWriteCompletion(completion))
            {
                completed++;
            }
        }

        if (interrupted.Count > 0)
        {
            Log.Completed(_logger, completed, interrupted.Count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The write-ahead lines, in buffer order, that no completion follows.</summary>
    internal IReadOnlyCollection<InterruptedForward> FindInterrupted(CancellationToken cancellationToken)
    {
        // Dictionary promises no order once entries are removed: buffer order is carried along.
        var pending = new Dictionary<string, (long Order, InterruptedForward Forward)>(StringComparer.Ordinal);
        long order = 0;
        foreach (var segment in _buffer.Snapshot().Segments)
        {
            long offset = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var batch = SegmentReader.Read(_buffer.PathOf(segment), offset, ReadEvents, ReadBytes);
                if (batch.Lines.Count == 0)
                {
                    break;
                }

                for (var i = 0; i < batch.Lines.Count; i++)
                {
                    var line = batch.Lines[i].Span;
                    if (line.IndexOf(ForwardMarker) >= 0 && RequestIdOf(line) is { } forwarded)
                    {
                        var start = i == 0 ? offset : batch.EndOffsets[i - 1];
                        pending[forwarded] = (order++, new InterruptedForward(segment, start, line.ToArray()));
                    }
                    else if (line.IndexOf(RequestMarker) >= 0 && RequestIdOf(line) is { } completed)
                    {
                        pending.Remove(completed);
                    }
                }

                offset = batch.EndOffsets[^1];
            }
        }

        return pending.Values.OrderBy(entry => entry.Order).Select(entry => entry.Forward).ToArray();
    }

    // Request ids are Latchkey's own (prefix and counter, no characters JSON escapes).
    private static string? RequestIdOf(ReadOnlySpan<byte> line)
    {
        var start = line.IndexOf(RequestIdMarker);
        if (start < 0)
        {
            return null;
        }

        var value = line[(start + RequestIdMarker.Length)..];
        var end = value.IndexOf((byte)'"');
        return end <= 0 ? null : Encoding.UTF8.GetString(value[..end]);
    }

    /// <summary>
    /// The completion of <paramref name="forward"/>, or null when its line is not JSON (an OS crash
    /// can leave zeros or a torn write in a line): such a line is set aside, not allowed to stop
    /// every start of the process.
    /// </summary>
    private AuditEvent? TryComplete(InterruptedForward forward)
    {
        try
        {
            return Complete(forward.Line);
        }
        catch (JsonException)
        {
            try
            {
                _rejected.Append(forward.Segment, forward.Line.Span);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The line stays in its segment either way, at the place the log event names.
            }

            Log.UnreadableForward(_logger, forward.Segment.FileName, forward.Offset, _rejected.PathFor(forward.Segment));
            return null;
        }
    }

    private AuditEvent Complete(ReadOnlyMemory<byte> forwardLine)
    {
        using var document = JsonDocument.Parse(forwardLine);
        var record = document.RootElement;
        return new AuditEvent
        {
            EventType = AuditEvent.RequestEventType,
            Timestamp = _time.GetUtcNow(),
            RequestId = Text(record, AuditPropertyNames.RequestId) ?? string.Empty,
            Tenant = Text(record, AuditPropertyNames.Tenant),
            UserId = Text(record, AuditPropertyNames.UserId),
            AgentId = Text(record, AuditPropertyNames.AgentId),
            SessionId = Text(record, AuditPropertyNames.SessionId),
            Provider = Text(record, AuditPropertyNames.Provider),
            RuleId = Text(record, AuditPropertyNames.RuleId),
            Method = Text(record, AuditPropertyNames.Method),
            Path = Text(record, AuditPropertyNames.Path),
            Decision = Text(record, AuditPropertyNames.Decision) ?? AuditDecisions.Allowed,
            Reason = Text(record, AuditPropertyNames.Reason),
            CredentialMode = Text(record, AuditPropertyNames.CredentialMode),
            ClientIp = Text(record, AuditPropertyNames.ClientIp),
            Addressing = Text(record, AuditPropertyNames.Addressing),
            Tool = Text(record, AuditPropertyNames.Tool),
            ArgumentsHash = Text(record, AuditPropertyNames.ArgumentsHash),
            BatchSize = Number(record, AuditPropertyNames.BatchSize),
            BatchDecidingIndex = Number(record, AuditPropertyNames.BatchDecidingIndex),
            ApprovalId = Text(record, AuditPropertyNames.ApprovalId),
            DurationMs = double.NaN,
            Outcome = AuditOutcomes.Unknown,
        };
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5016, EventName = "AuditInterruptedRequestsCompleted", Level = LogLevel.Warning,
            Message = "Completed {Completed} of {Interrupted} forwarded requests left without a completion by the previous process as outcome 'unknown'")]
        public static partial void Completed(ILogger logger, int completed, int interrupted);

        [LoggerMessage(EventId = 5017, EventName = "AuditInterruptedRecordUnreadable", Level = LogLevel.Error,
            Message = "The write-ahead record at {Segment}:{Offset} is not readable JSON (a write cut short by an OS crash?): copied to {RejectedFile}, its request is not completed")]
        public static partial void UnreadableForward(ILogger logger, string segment, long offset, string rejectedFile);
    }
}
