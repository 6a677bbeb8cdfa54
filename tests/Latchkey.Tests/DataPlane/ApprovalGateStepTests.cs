using Latchkey.Approvals;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.Mcp.Remote;
using Latchkey.Rules;
using Latchkey.Sessions;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Latchkey.Testing;
using Latchkey.Tests.Credentials;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.DataPlane;

public sealed class ApprovalGateStepTests : IDisposable
{
    private static readonly RuleDefinition[] Rules =
    [
        new() { Id = "read", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/{**rest}", Scopes = ["email.read"] },
        new() { Id = "delete", Provider = "mail", Methods = ["DELETE"], Path = "/gmail/v1/users/me/messages/{id}", Scopes = ["email.delete"], Action = RuleAction.Approve },
    ];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryApprovalStore _store;
    private readonly InMemorySessionStore _sessions;

    public ApprovalGateStepTests()
    {
        _store = new InMemoryApprovalStore(_time);
        _sessions = new InMemorySessionStore(_time);
    }

    public void Dispose() => _sessions.Dispose();

    [Fact]
    public async Task Request_no_approve_rule_holds_goes_on_untouched()
    {
        var context = Decided("GET", RulesMode.Enforce, "email.read");

        await Step(context).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Empty(await _store.ListAsync("t1", null, CancellationToken.None));
    }

    [Fact]
    public async Task Held_request_is_answered_202_with_an_approval_id_and_a_pending_record()
    {
        var context = Decided("DELETE", RulesMode.Enforce, "email.delete");

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((202, "approval_required"), (context.Status, context.ErrorCode));
        var id = context.Body().GetProperty("approval_id").GetString();
        var record = await _store.GetAsync("t1", id!, CancellationToken.None);
        Assert.Equal((ApprovalStatus.Pending, "delete", "ses_1"), (record?.Status, record?.RuleId, record?.SessionId));
    }

    [Fact]
    public async Task Shadow_mode_never_holds()
    {
        var context = Decided("DELETE", RulesMode.Shadow, "email.delete");

        await Step(context).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Empty(await _store.ListAsync("t1", null, CancellationToken.None));
    }

    [Fact]
    public async Task Approved_request_is_forwarded_once_and_a_replay_is_refused()
    {
        var id = await HeldAndApprovedAsync();

        var first = Decided("DELETE", RulesMode.Enforce, "email.delete", id);
        await Step(first, next: Forwarding(first)).InvokeAsync(first.Http);
        var replay = Decided("DELETE", RulesMode.Enforce, "email.delete", id);
        await Step(replay, next: Forwarding(replay)).InvokeAsync(replay.Http);

        Assert.True(first.NextRan);
        Assert.False(replay.NextRan);
        Assert.Equal((409, "approval_used"), (replay.Status, replay.ErrorCode));
    }

    [Fact]
    public async Task Approval_of_a_request_whose_write_ahead_record_failed_is_still_there_for_its_retry()
    {
        var id = await HeldAndApprovedAsync();

        // What the forwarding step does when the write-ahead record cannot be written: 503, nothing sent.
        var first = Decided("DELETE", RulesMode.Enforce, "email.delete", id);
        await Step(first, next: http => ErrorResponseWriter.WriteAsync(http, StatusCodes.Status503ServiceUnavailable,
            ErrorCodes.AuditUnavailable, "The audit trail cannot be written.")).InvokeAsync(first.Http);
        var afterFailure = await _store.GetAsync("t1", id, CancellationToken.None);
        var retry = Decided("DELETE", RulesMode.Enforce, "email.delete", id);
        var retryForwarded = false;
        await Step(retry, next: http =>
        {
            retryForwarded = true;
            return Forwarding(retry)(http);
        }).InvokeAsync(retry.Http);

        Assert.Equal((503, ErrorCodes.AuditUnavailable), (first.Status, first.ErrorCode));
        Assert.Equal(ApprovalStatus.Approved, afterFailure?.Status);
        Assert.True(retryForwarded);
        Assert.Equal(ApprovalStatus.Used, (await _store.GetAsync("t1", id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task Approval_id_of_another_request_is_a_mismatch()
    {
        var held = Decided("DELETE", RulesMode.Enforce, "email.delete");
        await Step(held).InvokeAsync(held.Http);
        var id = held.Body().GetProperty("approval_id").GetString()!;

        var other = Decided("DELETE", RulesMode.Enforce, "email.delete", id, upstreamPath: "/gmail/v1/users/me/messages/2");
        await Step(other).InvokeAsync(other.Http);

        Assert.False(other.NextRan);
        Assert.Equal((409, "approval_mismatch"), (other.Status, other.ErrorCode));
    }

    [Fact]
    public async Task Pending_approval_is_answered_202_again_and_expired_one_403()
    {
        var held = Decided("DELETE", RulesMode.Enforce, "email.delete");
        await Step(held).InvokeAsync(held.Http);
        var id = held.Body().GetProperty("approval_id").GetString()!;

        var early = Decided("DELETE", RulesMode.Enforce, "email.delete", id);
        await Step(early).InvokeAsync(early.Http);
        _time.Advance(new ApprovalOptions().Ttl + TimeSpan.FromSeconds(1));
        var late = Decided("DELETE", RulesMode.Enforce, "email.delete", id);
        await Step(late).InvokeAsync(late.Http);

        Assert.Equal((202, "approval_required"), (early.Status, early.ErrorCode));
        Assert.Equal((403, "approval_expired"), (late.Status, late.ErrorCode));
        Assert.False(early.NextRan || late.NextRan);
    }

    [Fact]
    public async Task Mcp_tool_call_made_again_without_an_id_is_held_by_the_same_approval_and_after_approval_forwarded()
    {
        var first = ToolCall(Decided("DELETE", RulesMode.Enforce, "email.delete"));
        await Step(first).InvokeAsync(first.Http);
        var id = first.Body().GetProperty("approval_id").GetString()!;
        var again = ToolCall(Decided("DELETE", RulesMode.Enforce, "email.delete"));
        await Step(again).InvokeAsync(again.Http);
        var pending = (await _store.GetAsync("t1", id, CancellationToken.None))!;
        await _store.TryUpdateAsync(pending with { Status = ApprovalStatus.Approved }, ApprovalStatus.Pending, CancellationToken.None);
        var approved = ToolCall(Decided("DELETE", RulesMode.Enforce, "email.delete"));
        await Step(approved).InvokeAsync(approved.Http);

        Assert.Equal((202, id), (again.Status, again.Body().GetProperty("approval_id").GetString()));
        Assert.Contains("gmail_delete", again.Body().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(await _store.ListAsync("t1", null, CancellationToken.None));
        Assert.True(approved.NextRan);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Approval_store_outage_is_answered_503_store_unavailable_and_nothing_is_forwarded(bool retry)
    {
        var context = Decided("DELETE", RulesMode.Enforce, "email.delete", retry ? "apr_x" : null);
        var step = Step(context, new UnreachableApprovalStore());

        await step.InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((503, "store_unavailable"), (context.Status, context.ErrorCode));
    }

    private ApprovalGateStep Step(StepContext context, IApprovalStore? store = null, RequestDelegate? next = null)
    {
        var approvals = new ApprovalService(store ?? _store, _time, Options.Create(new ApprovalOptions()), NullLogger<ApprovalService>.Instance, TestMetrics.Create());
        var toolCalls = new ToolCallApprovals(approvals);
        var sessions = new SessionService(_sessions, _time, new FixedOptionsMonitor<SessionOptions>(new SessionOptions()), NullLogger<SessionService>.Instance);
        var remoteTools = new RemoteToolApprovals(approvals, toolCalls, new ApprovalWaiter(approvals, _time, Options.Create(new McpOptions())),
            sessions, new StaticConfigSource());
        return new(next ?? context.Next, approvals, remoteTools, toolCalls,
            new FixedOptionsMonitor<AgentSessionAuthenticationOptions>(new AgentSessionAuthenticationOptions()));
    }

    /// <summary>Holds the DELETE request and has a human approve it; returns the approval id.</summary>
    private async Task<string> HeldAndApprovedAsync()
    {
        var held = Decided("DELETE", RulesMode.Enforce, "email.delete");
        await Step(held).InvokeAsync(held.Http);
        var id = held.Body().GetProperty("approval_id").GetString()!;
        var pending = (await _store.GetAsync("t1", id, CancellationToken.None))!;
        await _store.TryUpdateAsync(pending with { Status = ApprovalStatus.Approved }, ApprovalStatus.Pending, CancellationToken.None);
        return id;
    }

    /// <summary>The later steps as they run for a request that is forwarded: its write-ahead record is written, then it is sent.</summary>
    private static RequestDelegate Forwarding(StepContext context) => http =>
    {
        http.Features.GetRequiredFeature<RequestOutcomeFeature>().Audit = AuditProgress.ForwardRecorded;
        return context.Next(http);
    };

    /// <summary>A request as the enforcement step leaves it: decided by <see cref="Rules"/>, shadow refusal recorded.</summary>
    private static StepContext Decided(
        string method, RulesMode mode, string scope, string? approvalId = null, string upstreamPath = "/gmail/v1/users/me/messages/1")
    {
        var policy = StepContext.Policy(mode, Rules);
        var context = new StepContext(method, upstreamPath).WithSession(policy, scope);
        var verdict = RequestJudge.OfRules(policy.RuleSet, StepContext.Provider, method, upstreamPath, StepContext.Session(scope).Scopes);
        context.AgentRequest.Decision = verdict.Decision;
        context.AgentRequest.ShadowRefusal = mode == RulesMode.Shadow && verdict.Kind != VerdictKind.Allowed ? verdict.Code : null;
        if (approvalId is not null)
        {
            context.Http.Request.Headers[ApprovalGateStep.ApprovalHeader] = approvalId;
        }

        return context;
    }

    /// <summary>Marks the request as a <c>/mcp</c> tool call's, as RequestTargetMiddleware does from the feature ToolCallRunner sets.</summary>
    private static StepContext ToolCall(StepContext context)
    {
        context.AgentRequest.ToolCall = new ToolCallFeature("gmail_delete", "aa");
        return context;
    }

    /// <summary>What the Redis store does while Redis is unreachable: every call fails with <see cref="StoreUnavailableException"/>.</summary>
    private sealed class UnreachableApprovalStore : IApprovalStore
    {
        public Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");

        public Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");

        public Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");

        public Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");

        public Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");
    }
}
