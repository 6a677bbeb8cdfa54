using System.Diagnostics.Metrics;
using Latchkey.Approvals;
using Latchkey.Audit;
using Latchkey.Credentials;
using Latchkey.Telemetry;
using Latchkey.Testing;

namespace Latchkey.Tests.Telemetry;

public sealed class LatchkeyMetricsTests
{
    private static readonly AuditEvent Refusal = new()
    {
        EventType = AuditEvent.RequestEventType,
        Timestamp = DateTimeOffset.UnixEpoch,
        RequestId = "r1",
        Provider = "mail",
        Method = "GET",
        Decision = AuditDecisions.Denied,
        Reason = "rate_limited",
        Status = 429,
        DurationMs = 2.5,
    };

    [Fact]
    public void A_request_record_is_counted_timed_and_a_rate_limit_refusal_counted_apart()
    {
        var factory = TestMetrics.CreateFactory();
        var metrics = new LatchkeyMetrics(factory);
        using var recorded = new RecordedMeasurements(factory);

        metrics.RecordRequest(Refusal, "mail", "GET");

        var request = Assert.Single(recorded.Of("latchkey.requests"));
        Assert.Equal(1, request.Value);
        Assert.Equal("mail", request.Tags["latchkey.provider"]);
        Assert.Equal("denied", request.Tags["latchkey.decision"]);
        Assert.Equal("rate_limited", request.Tags["latchkey.reason"]);
        Assert.Equal("GET", request.Tags["http.request.method"]);
        Assert.Equal(429, request.Tags["http.response.status_code"]);
        Assert.Equal(0.0025, Assert.Single(recorded.Of("latchkey.request.duration")).Value, 6);
        Assert.Equal("mail", Assert.Single(recorded.Of("latchkey.rate_limit.refusals")).Tags["latchkey.provider"]);
    }

    [Fact]
    public void Refreshes_approvals_and_redis_errors_are_counted_with_their_outcome()
    {
        var factory = TestMetrics.CreateFactory();
        var metrics = new LatchkeyMetrics(factory);
        using var recorded = new RecordedMeasurements(factory);

        metrics.RecordRefresh("mail", new CredentialResult.ConnectionRequired());
        metrics.RecordApprovalRequested("mail", "mail.approve");
        metrics.RecordApprovalDecided(ApprovalStatus.Denied);
        metrics.RecordRedisError();

        Assert.Equal("connection_required", Assert.Single(recorded.Of("latchkey.token.refreshes")).Tags["latchkey.outcome"]);
        Assert.Equal("mail.approve", Assert.Single(recorded.Of("latchkey.approvals.requested")).Tags["latchkey.rule_id"]);
        Assert.Equal("denied", Assert.Single(recorded.Of("latchkey.approvals.decided")).Tags["latchkey.decision"]);
        Assert.Single(recorded.Of("latchkey.redis.errors"));
    }

    [Fact]
    public void Nothing_is_allocated_while_nothing_listens()
    {
        var metrics = TestMetrics.Create();
        Assert.False(metrics.RequestsObserved);
        var allocated = AllocationMeter.AllocatedBy(() =>
        {
            metrics.RecordRequest(Refusal, "mail", "GET");
            metrics.RecordUpstream("mail", 200, 0);
            metrics.RecordApprovalRequested("mail", "mail.approve");
            return 0;
        }, 1000);
        Assert.Equal(0, allocated);
    }
}
