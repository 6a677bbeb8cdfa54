using System.Security.Cryptography;
using Latchkey.Approvals.Notifications;
using Latchkey.Stores;
using Latchkey.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Approvals;

/// <summary>
/// The one owner of the approval state machine (CONTRACT §5): the data plane holds a request
/// (<see cref="HoldAsync"/>) and redeems an approval on its retry (<see cref="RedeemAsync"/>);
/// humans list, read, approve and deny. Who may decide: the session's own user, or an admin of
/// the same tenant; nobody across tenants (unknown and foreign ids are both "not found"). A new
/// hold is announced to the configured notification channels.
/// </summary>
public sealed partial class ApprovalService
{
    private const int MaxJustificationLength = 1000;

    private readonly IApprovalStore _store;
    private readonly TimeProvider _time;
    private readonly ApprovalOptions _options;
    private readonly ILogger<ApprovalService> _logger;
    private readonly LatchkeyMetrics _metrics;
    private readonly IApprovalNotifier? _notifier;

    public ApprovalService(
        IApprovalStore store,
        TimeProvider time,
        IOptions<ApprovalOptions> options,
        ILogger<ApprovalService> logger,
        LatchkeyMetrics metrics,
        IApprovalNotifier? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _notifier = notifier;
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

    /// <summary>
    /// Holds a request for a human: mints its <c>apr_</c> id and stores it pending, with its
    /// fingerprint and what the approver sees. The only place a hold happens.
    /// </summary>
    internal async Task<ApprovalResult> HoldAsync(GatedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (subject, session, body) = (request.Subject, request.Session, request.Body);
        var preview = Preview(request);
        if (preview.IsMalformed)
        {
            return new ApprovalResult.MalformedBody();
        }

        var now = Now;
        var approval = new ApprovalRecord
        {
            Id = "apr_" + Base64Url(RandomNumberGenerator.GetBytes(16)),
            Tenant = session.Tenant,
            UserId = session.UserId,
            AgentId = session.AgentId,
            SessionId = session.Id,
            Provider = subject.Provider,
            RuleId = subject.RuleId,
            Method = subject.Method,
            Path = subject.Path,
            Query = PreviewText.Visible(QueryPreview.Mask(subject.Query)),
            ContentType = Shown(subject.ContentType),
            ContentEncoding = Shown(subject.ContentEncoding),
            Fingerprint = ApprovalFingerprint.Compute(subject, body.Sha256),
            BodyLength = body.Content.Length,
            BodyPreview = preview.Preview,
            Tool = subject.ToolCall?.Tool,
            ArgumentsPreview = subject.ToolCall is { } call ? BodyPreview.OfJson(call.Arguments.Span) : null,
            CreatedAt = now,
            ExpiresAt = now + _options.Ttl,
        };
        try
        {
            await _store.CreateAsync(approval, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return new ApprovalResult.StoreUnavailable();
        }

        Log.Requested(_logger, approval.Id, approval.RuleId);
        _metrics.RecordApprovalRequested(approval.Provider, approval.RuleId);

        // Only a new hold is announced (a re-sent pending request is answered by RedeemAsync);
        // Notify only queues, so approvers' channels never slow or fail the held request.
        _notifier?.Notify(approval);
        return new ApprovalResult.Held(approval);
    }

    /// <summary>
    /// Redeems approval <paramref name="approvalId"/> for a retried request: it must be this
    /// session's, bound to this exact request (tenant, session, provider, rule, method, canonical
    /// path, query, content headers, body hash and, for a tool call, tool and arguments), approved
    /// and unexpired; it is then used up, at most once.
    /// </summary>
    internal async Task<ApprovalResult> RedeemAsync(GatedRequest request, string approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Preview(request).IsMalformed)
        {
            return new ApprovalResult.MalformedBody();
        }

        try
        {
            return await RedeemCheckedAsync(request, approvalId, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // Fail closed: an approval that cannot be read or used up is not an approval.
            return new ApprovalResult.StoreUnavailable();
        }
    }

    private async Task<ApprovalResult> RedeemCheckedAsync(GatedRequest request, string approvalId, CancellationToken cancellationToken)
    {

        var fingerprint = ApprovalFingerprint.Compute(request.Subject, request.Body.Sha256);
        var approval = await _store.GetAsync(request.Session.Tenant, approvalId, cancellationToken);

        // Another session's approval, or an unknown id, reads as a mismatch: ids reveal nothing.
        if (approval is null || approval.SessionId != request.Session.Id || !ApprovalFingerprint.Matches(approval.Fingerprint, fingerprint))
        {
            return new ApprovalResult.Mismatch();
        }

        switch (approval.StatusAt(Now))
        {
            case ApprovalStatus.Pending:
                return new ApprovalResult.Held(approval);
            case ApprovalStatus.Denied:
                return new ApprovalResult.Denied(approval);
            case ApprovalStatus.Expired:
                return new ApprovalResult.Expired(approval);
            case ApprovalStatus.Used:
                return new ApprovalResult.Used(approval);
        }

        // Two retries at once: the store's compare-and-set lets exactly one of them use it.
        var used = approval with { Status = ApprovalStatus.Used };
        if (!await _store.TryUpdateAsync(used, ApprovalStatus.Approved, cancellationToken))
        {
            return new ApprovalResult.Used(approval);
        }

        Log.Used(_logger, approval.Id, approval.RuleId);
        return new ApprovalResult.Approved(used);
    }

    /// <summary>
    /// Gives back an approval <see cref="RedeemAsync"/> used up for a request that was then not
    /// forwarded (its write-ahead audit record could not be written, or a later step refused it):
    /// nothing reached the upstream, so the human's approval still stands for the retry. A
    /// compare-and-set from used, so it never revives an approval twice or one used since.
    /// </summary>
    internal async Task ReturnUnusedAsync(ApprovalRecord used)
    {
        ArgumentNullException.ThrowIfNull(used);
        try
        {
            // Not the request's token: the agent may have left, the approval must come back all the same.
            if (await _store.TryUpdateAsync(used with { Status = ApprovalStatus.Approved }, ApprovalStatus.Used, CancellationToken.None))
            {
                Log.Returned(_logger, used.Id, used.RuleId);
            }
        }
        catch (StoreUnavailableException)
        {
            // Fail closed: the approval stays used and the human must approve again.
            Log.ReturnFailed(_logger, used.Id, used.RuleId);
        }
    }

    /// <summary>
    /// The newest approval of this session bound to this exact request that is still within its
    /// lifetime (pending, approved or denied; not used), or null: how an MCP tool call retried
    /// without its approval id finds the approval it was held by (docs/mcp.md).
    /// </summary>
    internal async Task<ApprovalRecord?> FindBoundAsync(GatedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fingerprint = ApprovalFingerprint.Compute(request.Subject, request.Body.Sha256);
        var now = Now;
        var session = request.Session;
        var approvals = await _store.ListBoundAsync(session.Tenant, session.Id, fingerprint, cancellationToken);
        return approvals
            .Where(a => a.SessionId == session.Id && a.UserId == session.UserId && now < a.ExpiresAt && a.Status != ApprovalStatus.Used
                && ApprovalFingerprint.Matches(a.Fingerprint, fingerprint))
            .MaxBy(a => a.CreatedAt);
    }

    private static BodyPreviewResult Preview(GatedRequest request) =>
        BodyPreview.Create(request.Body.Content.Span, request.Body.Sha256,
            request.Subject.ContentType, request.Subject.ContentEncoding.ToString());

    private static string? Shown(StringValues header) =>
        header.Count == 0 ? null : PreviewText.Visible(CredentialShapes.MaskAll(header.ToString()));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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
        [LoggerMessage(EventId = 3101, EventName = "ApprovalRequested", Level = LogLevel.Information,
            Message = "Request held for approval {ApprovalId} by rule {RuleId}")]
        public static partial void Requested(ILogger logger, string approvalId, string ruleId);

        [LoggerMessage(EventId = 3102, EventName = "ApprovalUsed", Level = LogLevel.Information,
            Message = "Approval {ApprovalId} (rule {RuleId}) used to forward its request")]
        public static partial void Used(ILogger logger, string approvalId, string ruleId);

        [LoggerMessage(EventId = 3103, EventName = "ApprovalDecided", Level = LogLevel.Information,
            Message = "Approval {ApprovalId} was {Status}")]
        public static partial void Decided(ILogger logger, string approvalId, ApprovalStatus status);

        [LoggerMessage(EventId = 3104, EventName = "ApprovalReturned", Level = LogLevel.Information,
            Message = "Approval {ApprovalId} (rule {RuleId}) is approved again: its request was not forwarded")]
        public static partial void Returned(ILogger logger, string approvalId, string ruleId);

        [LoggerMessage(EventId = 3105, EventName = "ApprovalReturnFailed", Level = LogLevel.Warning,
            Message = "Approval {ApprovalId} (rule {RuleId}) stays used although its request was not forwarded: the approval store is unreachable")]
        public static partial void ReturnFailed(ILogger logger, string approvalId, string ruleId);
    }
}
