using Latchkey.Approvals;
using Latchkey.Mcp;
using Latchkey.Stores.InMemory;
using Latchkey.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Mcp;

public sealed class ApprovalWaiterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApprovalStore _store;
    private readonly OutageApprovalStore _outage;
    private readonly ApprovalService _approvals;

    public ApprovalWaiterTests()
    {
        _store = new InMemoryApprovalStore(_time);
        _outage = new OutageApprovalStore(_store);
        _approvals = new ApprovalService(_outage, _time, Options.Create(new ApprovalOptions()), NullLogger<ApprovalService>.Instance, TestMetrics.Create());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_decision_taken_while_the_call_waits_ends_the_wait_at_the_next_poll(bool approve)
    {
        var id = await PendingAsync();
        var waiting = Waiter(Wait).WaitForDecisionAsync("t1", id, CancellationToken.None);

        _time.Advance(ApprovalWaiter.PollInterval);
        Assert.False(waiting.IsCompleted);
        await _approvals.DecideAsync("t1", id, approve, "alice", callerIsTenantAdmin: false, justification: null, CancellationToken.None);
        _time.Advance(ApprovalWaiter.PollInterval);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_undecided_approval_ends_the_wait_after_the_configured_time_and_not_before()
    {
        var id = await PendingAsync();
        var waiting = Waiter(Wait).WaitForDecisionAsync("t1", id, CancellationToken.None);

        _time.Advance(Wait - TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_client_that_goes_away_ends_the_wait_at_once()
    {
        var id = await PendingAsync();
        using var gone = new CancellationTokenSource();
        var waiting = Waiter(Wait).WaitForDecisionAsync("t1", id, gone.Token);

        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_store_outage_ends_the_wait_so_the_retry_answers_store_unavailable()
    {
        var id = await PendingAsync();
        var waiting = Waiter(Wait).WaitForDecisionAsync("t1", id, CancellationToken.None);

        _outage.Down = true;
        _time.Advance(ApprovalWaiter.PollInterval);

        // Not an exception (a 500): the retry with the approval id goes through the gate, which fails closed with 503.
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void No_wait_is_configured_by_default()
    {
        Assert.False(Waiter(new McpOptions().ApprovalWait).Waits);
        Assert.True(Waiter(Wait).Waits);
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("00:05:00", true)]
    [InlineData("00:05:01", false)]
    public void ApprovalWait_is_validated_from_zero_to_five_minutes(string wait, bool valid)
    {
        var result = new McpOptionsValidator().Validate(null, new McpOptions { ApprovalWait = TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Latchkey:Mcp:ApprovalWait", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private ApprovalWaiter Waiter(TimeSpan wait) => new(_approvals, _time, Options.Create(new McpOptions { ApprovalWait = wait }));

    private async Task<string> PendingAsync()
    {
        var now = _time.GetUtcNow();
        var approval = new ApprovalRecord
        {
            Id = "apr_" + Guid.NewGuid().ToString("N"),
            Tenant = "t1",
            UserId = "alice",
            AgentId = "agent",
            SessionId = "ses_1",
            Provider = "remote",
            RuleId = "remote.close",
            Method = "POST",
            Path = "/mcp",
            Fingerprint = "00",
            BodyLength = 0,
            CreatedAt = now,
            ExpiresAt = now + TimeSpan.FromHours(1),
        };
        await _store.CreateAsync(approval, CancellationToken.None);
        return approval.Id;
    }
}
