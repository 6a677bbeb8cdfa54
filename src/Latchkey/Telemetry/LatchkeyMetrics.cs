using System.Diagnostics;
using System.Diagnostics.Metrics;
using Latchkey.Approvals;
using Latchkey.Audit;
using Latchkey.Credentials;

namespace Latchkey.Telemetry;

/// <summary>
/// Latchkey's instruments on the <c>Latchkey</c> meter (docs/contract.md, "Metrics and traces").
/// The meter comes from the host's <see cref="IMeterFactory"/>, so each host has its own. Every
/// method returns at the instrument's <c>Enabled</c> check while nothing listens (telemetry off),
/// before any tag is built. Tags are bounded by configuration: provider, decision, error code,
/// status code, method; never a path, tenant, user, session or anything secret.
/// </summary>
public sealed class LatchkeyMetrics
{
    public const string MeterName = "Latchkey";

    // Seconds, from 1 ms to 30 s (the upstream timeout's order): the SDK's default boundaries are for milliseconds.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _rateLimitRefusals;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _approvalsRequested;
    private readonly Counter<long> _approvalsDecided;
    private readonly Counter<long> _redisErrors;

    public LatchkeyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _requests = Meter.CreateCounter<long>("latchkey.requests", "{request}",
            "Data-plane requests by provider, decision, refusal reason, method and status (one per latchkey.request audit record).");
        _requestDuration = Meter.CreateHistogram("latchkey.request.duration", "s",
            "Time from the data plane's first step to the request's audit record.", tags: null, advice: DurationAdvice);
        _upstreamDuration = Meter.CreateHistogram("latchkey.upstream.duration", "s",
            "Time spent forwarding to the provider: from sending the request until the upstream's response has been streamed back.", tags: null, advice: DurationAdvice);
        _rateLimitRefusals = Meter.CreateCounter<long>("latchkey.rate_limit.refusals", "{request}",
            "Requests refused with 429 rate_limited.");
        _refreshes = Meter.CreateCounter<long>("latchkey.token.refreshes", "{refresh}",
            "User-token refreshes by outcome: issued, or a failure (connection_required, unavailable, store_unavailable).");
        _approvalsRequested = Meter.CreateCounter<long>("latchkey.approvals.requested", "{approval}",
            "Approvals created by the gate (each one waits for a human).");
        _approvalsDecided = Meter.CreateCounter<long>("latchkey.approvals.decided", "{approval}",
            "Approvals decided by a human (approved or denied).");
        _redisErrors = Meter.CreateCounter<long>("latchkey.redis.errors", "{error}",
            "Redis calls that failed or missed their deadline (each answered as store_unavailable).");
    }

    /// <summary>The meter every instrument, the gauges included, is created on.</summary>
    public Meter Meter { get; }

    /// <summary>Whether anything listens to the per-request instruments.</summary>
    public bool RequestsObserved => _requests.Enabled || _requestDuration.Enabled || _rateLimitRefusals.Enabled;

    /// <summary>One completed or refused data-plane request, from its audit record; <paramref name="provider"/> and <paramref name="method"/> already bounded.</summary>
    public void RecordRequest(AuditEvent record, string provider, string method)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_requests.Enabled)
        {
            var tags = new TagList
            {
                { TelemetryTags.Provider, provider },
                { TelemetryTags.Decision, record.Decision },
                { TelemetryTags.Reason, record.Reason },
                { TelemetryTags.Method, method },
                { TelemetryTags.StatusCode, record.Status },
            };
            _requests.Add(1, tags);
        }

        if (_requestDuration.Enabled && !double.IsNaN(record.DurationMs))
        {
            _requestDuration.Record(record.DurationMs / 1000, new TagList
            {
                { TelemetryTags.Provider, provider },
                { TelemetryTags.Decision, record.Decision },
            });
        }

        if (_rateLimitRefusals.Enabled && record.Reason == Hosting.ErrorCodes.RateLimited)
        {
            _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Provider, provider));
        }
    }

    /// <summary>One forwarder call, timed with two <see cref="Stopwatch"/> timestamps.</summary>
    public void RecordUpstream(string? provider, int? upstreamStatus, long startedAt)
    {
        if (_upstreamDuration.Enabled)
        {
            _upstreamDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new TagList
            {
                { TelemetryTags.Provider, provider },
                { TelemetryTags.StatusCode, upstreamStatus },
            });
        }
    }

    public void RecordRefresh(string provider, CredentialResult result)
    {
        if (_refreshes.Enabled)
        {
            _refreshes.Add(1, new TagList
            {
                { TelemetryTags.Provider, provider },
                { TelemetryTags.Outcome, RefreshOutcome(result) },
            });
        }
    }

    public void RecordApprovalRequested(string? provider, string? ruleId)
    {
        if (_approvalsRequested.Enabled)
        {
            _approvalsRequested.Add(1, new TagList
            {
                { TelemetryTags.Provider, provider },
                { TelemetryTags.RuleId, ruleId },
            });
        }
    }

    public void RecordApprovalDecided(ApprovalStatus status)
    {
        if (_approvalsDecided.Enabled)
        {
            _approvalsDecided.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Decision,
                status == ApprovalStatus.Approved ? "approved" : "denied"));
        }
    }

    public void RecordRedisError()
    {
        if (_redisErrors.Enabled)
        {
            _redisErrors.Add(1);
        }
    }

    internal static string RefreshOutcome(CredentialResult result) => result switch
    {
        CredentialResult.Issued => "issued",
        CredentialResult.ConnectionRequired => "connection_required",
        CredentialResult.StoreUnavailable => "store_unavailable",
        _ => "unavailable",
    };
}
