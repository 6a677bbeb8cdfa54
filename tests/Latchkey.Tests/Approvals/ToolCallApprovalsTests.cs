using System.Security.Cryptography;
using System.Text;
using Latchkey.Approvals;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Latchkey.Testing;
using Latchkey.Tests.DataPlane;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Approvals;

/// <summary>
/// An MCP tool call made again without an approval id finds the approval it was held by
/// (<see cref="ToolCallApprovals"/>), at <c>/mcp</c> and in front of remote MCP servers alike.
/// </summary>
public sealed class ToolCallApprovalsTests
{
    private const string Tenant = "t1";

    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private static readonly ApprovalSubject Subject = new(
        "github", "issues.create", "POST", "/repos/octo/hello/issues", string.Empty, "application/json", StringValues.Empty)
    {
        ToolCall = new ToolBinding("github_create_issue", "aa"),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApprovalStore _store;
    private readonly ApprovalService _service;
    private readonly ToolCallApprovals _toolCalls;

    public ToolCallApprovalsTests()
    {
        _store = new InMemoryApprovalStore(_time);
        _service = Service(_store);
        _toolCalls = new ToolCallApprovals(_service);
    }

    [Fact]
    public async Task The_same_call_before_anyone_decided_is_held_by_the_same_approval()
    {
        var first = await HeldAsync(Call());

        var again = await _toolCalls.ResolveAsync(Call(), null, default);

        Assert.Equal(first, Assert.IsType<ApprovalResult.Held>(again).Approval.Id);
        Assert.Single(await _store.ListAsync(Tenant, null, default));
    }

    [Fact]
    public async Task The_same_call_after_approval_is_redeemed_once_and_then_held_anew()
    {
        var id = await HeldAsync(Call());
        await DecideAsync(id, approve: true);

        var redeemed = await _toolCalls.ResolveAsync(Call(), null, default);
        var after = await _toolCalls.ResolveAsync(Call(), null, default);

        Assert.Equal(id, Assert.IsType<ApprovalResult.Approved>(redeemed).Approval.Id);
        Assert.NotEqual(id, Assert.IsType<ApprovalResult.Held>(after).Approval.Id);
    }

    [Fact]
    public async Task The_same_call_after_a_denial_is_denied_for_the_approvals_lifetime_then_held_anew()
    {
        var id = await HeldAsync(Call());
        await DecideAsync(id, approve: false);

        var denied = await _toolCalls.ResolveAsync(Call(), null, default);
        _time.Advance(Ttl);
        var after = await _toolCalls.ResolveAsync(Call(), null, default);

        Assert.IsType<ApprovalResult.Denied>(denied);
        Assert.NotEqual(id, Assert.IsType<ApprovalResult.Held>(after).Approval.Id);
    }

    [Fact]
    public async Task An_approved_call_not_retried_within_the_ttl_is_held_anew()
    {
        var id = await HeldAsync(Call());
        await DecideAsync(id, approve: true);
        _time.Advance(Ttl);

        var after = await _toolCalls.ResolveAsync(Call(), null, default);

        Assert.NotEqual(id, Assert.IsType<ApprovalResult.Held>(after).Approval.Id);
    }

    [Theory]
    [InlineData("other arguments")]
    [InlineData("another tool")]
    [InlineData("another path")]
    [InlineData("another body")]
    [InlineData("another session")]
    [InlineData("another tenant")]
    public async Task An_approval_is_never_found_for_anything_but_the_same_call_of_the_same_session(string change)
    {
        var id = await HeldAsync(Call());
        await DecideAsync(id, approve: true);

        var other = await _toolCalls.ResolveAsync(Changed(change), null, default);

        Assert.NotEqual(id, Assert.IsType<ApprovalResult.Held>(other).Approval.Id);
        Assert.Equal(ApprovalStatus.Approved, (await _store.GetAsync(Tenant, id, default))!.Status);
    }

    [Fact]
    public async Task Two_retries_that_both_found_the_approved_call_forward_it_once_and_the_other_gets_used()
    {
        var id = await HeldAsync(Call());
        await DecideAsync(id, approve: true);
        var both = new ToolCallApprovals(Service(new FindTogetherStore(_store, callers: 2)));

        var results = await Task.WhenAll(
            Task.Run(() => both.ResolveAsync(Call(), null, default)), Task.Run(() => both.ResolveAsync(Call(), null, default)));

        Assert.Single(results, r => r is ApprovalResult.Approved);
        Assert.Single(results, r => r is ApprovalResult.Used);
    }

    [Fact]
    public async Task A_named_approval_is_redeemed_as_a_rest_retry_is()
    {
        var id = await HeldAsync(Call());
        await DecideAsync(id, approve: true);

        var mismatch = await _toolCalls.ResolveAsync(Changed("other arguments"), id, default);
        var redeemed = await _toolCalls.ResolveAsync(Call(), id, default);
        var used = await _toolCalls.ResolveAsync(Call(), id, default);

        Assert.IsType<ApprovalResult.Mismatch>(mismatch);
        Assert.IsType<ApprovalResult.Approved>(redeemed);
        Assert.IsType<ApprovalResult.Used>(used);
    }

    [Fact]
    public async Task An_unreachable_store_while_finding_the_approval_fails_closed()
    {
        var unreachable = new ToolCallApprovals(Service(new UnreachableListStore(_store)));

        Assert.IsType<ApprovalResult.StoreUnavailable>(await unreachable.ResolveAsync(Call(), null, default));
    }

    private ApprovalService Service(IApprovalStore store) =>
        new(store, _time, Options.Create(new ApprovalOptions { Ttl = Ttl }), NullLogger<ApprovalService>.Instance, TestMetrics.Create());

    private async Task<string> HeldAsync(GatedRequest call) =>
        Assert.IsType<ApprovalResult.Held>(await _toolCalls.ResolveAsync(call, null, default)).Approval.Id;

    private async Task DecideAsync(string id, bool approve)
    {
        var (result, _) = await _service.DecideAsync(Tenant, id, approve, "alice", callerIsTenantAdmin: false, null, default);
        Assert.Equal(ApprovalDecisionResult.Decided, result);
    }

    private static GatedRequest Changed(string change) => change switch
    {
        "other arguments" => Call() with { Subject = Subject with { ToolCall = new ToolBinding("github_create_issue", "bb") } },
        "another tool" => Call() with { Subject = Subject with { ToolCall = new ToolBinding("github_open_issue", "aa") } },
        "another path" => Call() with { Subject = Subject with { Path = "/repos/octo/world/issues" } },
        "another body" => Call("""{"title":"crash on stop"}"""),
        "another session" => Call() with { Session = StepContext.Session() with { Id = "ses_2" } },
        "another tenant" => Call() with { Session = StepContext.Session() with { Tenant = "t2" } },
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private static GatedRequest Call(string body = """{"title":"crash on start"}""")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new GatedRequest(StepContext.Session(), Subject, new HeldBody(SHA256.HashData(bytes), bytes));
    }

    /// <summary>Lets <paramref name="callers"/> listings return only once all of them have read: retries that overlap.</summary>
    private sealed class FindTogetherStore(IApprovalStore inner, int callers) : ListingStore(inner)
    {
        private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _read;

        public override async Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken)
        {
            var approvals = await base.ListBoundAsync(tenant, sessionId, fingerprint, cancellationToken);
            if (Interlocked.Increment(ref _read) == callers)
            {
                _allRead.SetResult();
            }

            await _allRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return approvals;
        }
    }

    /// <summary>The store as Redis leaves it when listing fails: <see cref="StoreUnavailableException"/>.</summary>
    private sealed class UnreachableListStore(IApprovalStore inner) : ListingStore(inner)
    {
        public override Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");
    }

    /// <summary>An approval store whose lookup of bound approvals a test changes; everything else is the inner store's.</summary>
    private abstract class ListingStore(IApprovalStore inner) : IApprovalStore
    {
        public virtual Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken) =>
            inner.ListBoundAsync(tenant, sessionId, fingerprint, cancellationToken);

        public Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken) =>
            inner.ListAsync(tenant, userId, cancellationToken);

        public Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken) => inner.CreateAsync(approval, cancellationToken);

        public Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) => inner.GetAsync(tenant, id, cancellationToken);

        public Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken) =>
            inner.TryUpdateAsync(updated, expected, cancellationToken);
    }
}
