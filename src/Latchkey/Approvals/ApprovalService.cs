using Latchkey.Telemetry;

namespace Latchkey.Approvals;

/// <summary>
/// What humans do with approvals: list, read, approve, deny. Who may decide: the session's own
/// user, or an admin of the same tenant; nobody across tenants (unknown and foreign ids are
/// both "not found").
/// </summary>
public sealed partial class ApprovalService
{
    private const int MaxJustificationLength = 1000;

    private readonly IApprovalStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ApprovalService> _logger;
    private readonly LatchkeyMetrics _metrics;

    public ApprovalService(IApprovalStore store, TimeProvider time, ILogger<ApprovalService> logger, LatchkeyMetrics metrics)
    {
        _metrics = metrics;
        _store = store;
        _time = time;
        _logger = logger;
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Approvals of the tenant (or of one user), with the status they have now.</summary>
    public async Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, ApprovalStatus? status, CancellationToken cancellationToken)
    {
        var now = Now;
        var all = await _store.ListAsync(tenant, userId, cancellationToken);
        return all.Select(a => a with { Status = a.StatusAt(now) })
            .Where(a => status is null || a.Status == status)
            .ToList();
    }

    public async Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var approval = await _store.GetAsync(tenant, id, cancellationToken);
        return approval is null ? null : approval with { Status = approval.StatusAt(Now) };
    }

    public async Task<(ApprovalDecisionResult Result, ApprovalRecord? Approval)> DecideAsync(
        string tenant,
        string id,
        bool approve,
        string callerUserId,
        bool callerIsTenantAdmin,
        string? justification,
        CancellationToken cancellationToken)
    {
        var approval = await _store.GetAsync(tenant, id, cancellationToken);
        if (approval is null)
        {
            return (ApprovalDecisionResult.NotFound, null);
        }

        if (!callerIsTenantAdmin && approval.UserId != callerUserId)
        {
            return (ApprovalDecisionResult.NotFound, null);
        }

        var now = Now;
        switch (approval.StatusAt(now))
        {
            case ApprovalStatus.Expired:
                return (ApprovalDecisionResult.Expired, approval);
            case not ApprovalStatus.Pending:
                return (ApprovalDecisionResult.AlreadyDecided, approval);
        }

        var decided = approval with
        {
            Status = approve ? ApprovalStatus.Approved : ApprovalStatus.Denied,
            DecidedBy = callerUserId,
            DecidedAt = now,
            Justification = Clean(justification),
        };
        if (!await _store.TryUpdateAsync(decided, ApprovalStatus.Pending, cancellationToken))
        {
            return (ApprovalDecisionResult.AlreadyDecided, approval);
        }

        Log.Decided(_logger, id, decided.Status);
        _metrics.RecordApprovalDecided(decided.Status);
        return (ApprovalDecisionResult.Decided, decided);
    }

    /// <summary>Justifications are free text shown to other humans: bounded, without control characters.</summary>
    private static string? Clean(string? justification)
    {
        if (string.IsNullOrWhiteSpace(justification))
        {
            return null;
        }

        var text = new string(justification.Where(c => !char.IsControl(c)).Take(MaxJustificationLength).ToArray()).Trim();
        return text.Length == 0 ? null : text;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3103, EventName = "ApprovalDecided", Level = LogLevel.Information,
            Message = "Approval {ApprovalId} was {Status}")]
        public static partial void Decided(ILogger logger, string approvalId, ApprovalStatus status);
    }
}
