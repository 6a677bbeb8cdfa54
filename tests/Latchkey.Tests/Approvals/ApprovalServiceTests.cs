using Latchkey.Approvals;
using Latchkey.Stores.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Approvals;

public sealed class ApprovalServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApprovalStore _store;
    private readonly ApprovalService _service;

    public ApprovalServiceTests()
    {
        _store = new InMemoryApprovalStore(_time);
        _service = new ApprovalService(_store, _time, Options.Create(new ApprovalOptions()), NullLogger<ApprovalService>.Instance, Latchkey.Testing.TestMetrics.Create());
    }

    [Fact]
    public async Task Session_user_can_approve_their_own_pending_request()
    {
        await _store.CreateAsync(Approval("apr_1", "acme", "alice"), default);

        var (result, approval) = await _service.DecideAsync("acme", "apr_1", approve: true, "alice", callerIsTenantAdmin: false, "ok", default);

        Assert.Equal(ApprovalDecisionResult.Decided, result);
        Assert.Equal(ApprovalStatus.Approved, approval!.Status);
        Assert.Equal("alice", approval.DecidedBy);
        Assert.Equal("ok", approval.Justification);
    }

    [Fact]
    public async Task Another_user_cannot_see_or_decide_it_but_a_tenant_admin_can()
    {
        await _store.CreateAsync(Approval("apr_1", "acme", "alice"), default);

        var (asBob, _) = await _service.DecideAsync("acme", "apr_1", approve: true, "bob", callerIsTenantAdmin: false, null, default);
        var (asAdmin, approval) = await _service.DecideAsync("acme", "apr_1", approve: false, "root", callerIsTenantAdmin: true, null, default);

        Assert.Equal(ApprovalDecisionResult.NotFound, asBob);
        Assert.Equal(ApprovalDecisionResult.Decided, asAdmin);
        Assert.Equal(ApprovalStatus.Denied, approval!.Status);
    }

    [Fact]
    public async Task Nothing_crosses_a_tenant()
    {
        await _store.CreateAsync(Approval("apr_1", "acme", "alice"), default);

        var (result, _) = await _service.DecideAsync("evil", "apr_1", approve: true, "alice", callerIsTenantAdmin: true, null, default);

        Assert.Equal(ApprovalDecisionResult.NotFound, result);
        Assert.Null(await _service.GetAsync("evil", "apr_1", default));
        Assert.Empty(await _service.ListAsync("evil", null, null, default));
    }

    [Fact]
    public async Task A_decision_is_final()
    {
        await _store.CreateAsync(Approval("apr_1", "acme", "alice"), default);
        await _service.DecideAsync("acme", "apr_1", approve: false, "alice", false, null, default);

        var (result, _) = await _service.DecideAsync("acme", "apr_1", approve: true, "alice", false, null, default);

        Assert.Equal(ApprovalDecisionResult.AlreadyDecided, result);
        Assert.Equal(ApprovalStatus.Denied, (await _service.GetAsync("acme", "apr_1", default))!.Status);
    }

    [Fact]
    public async Task Pending_approval_expires_after_its_ttl()
    {
        await _store.CreateAsync(Approval("apr_1", "acme", "alice"), default);
        _time.Advance(TimeSpan.FromHours(1));

        var (result, _) = await _service.DecideAsync("acme", "apr_1", approve: true, "alice", false, null, default);

        Assert.Equal(ApprovalDecisionResult.Expired, result);
        Assert.Equal(ApprovalStatus.Expired, (await _service.GetAsync("acme", "apr_1", default))!.Status);
        Assert.Single(await _service.ListAsync("acme", "alice", ApprovalStatus.Expired, default));
    }

    [Fact]
    public async Task Justification_is_bounded_and_stripped_of_control_characters()
    {
        await _store.CreateAsync(Approval("apr_1", "acme", "alice"), default);

        var (_, approval) = await _service.DecideAsync("acme", "apr_1", true, "alice", false, "fine\r\n\u001b[31m" + new string('x', 5000), default);

        Assert.DoesNotContain('\n', approval!.Justification!);
        Assert.DoesNotContain('\u001b', approval.Justification!);
        Assert.True(approval.Justification!.Length <= 1000);
    }

    private ApprovalRecord Approval(string id, string tenant, string user) => new()
    {
        Id = id,
        Tenant = tenant,
        UserId = user,
        AgentId = "bot",
        SessionId = "ses_1",
        Provider = "mail",
        RuleId = "mail.delete",
        Method = "DELETE",
        Path = "/gmail/v1/users/me/messages/1",
        Fingerprint = "f",
        BodyLength = 0,
        CreatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow() + TimeSpan.FromHours(1),
    };
}
