using System.Security.Cryptography;
using System.Text;
using Latchkey.Approvals;
using Latchkey.Stores.InMemory;
using Latchkey.Testing;
using Latchkey.Tests.DataPlane;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Approvals;

/// <summary>The data plane's side of <see cref="ApprovalService"/>: hold, then redeem at most once.</summary>
public sealed class ApprovalServiceStateMachineTests
{
    private const string Tenant = "t1";

    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private static readonly ApprovalSubject Subject = new(
        "mail", "mail.delete", "DELETE", "/gmail/v1/users/me/messages/1", "?access_token=abc&x=1", "application/json", StringValues.Empty);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryApprovalStore _store;
    private readonly ApprovalService _service;

    public ApprovalServiceStateMachineTests()
    {
        _store = new InMemoryApprovalStore(_time);
        _service = new ApprovalService(_store, _time, Options.Create(new ApprovalOptions { Ttl = Ttl }), NullLogger<ApprovalService>.Instance, TestMetrics.Create());
    }

    [Fact]
    public async Task Hold_stores_a_pending_approval_of_the_session_that_expires_after_the_ttl()
    {
        var held = Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(Request(), default));

        var stored = await _store.GetAsync(Tenant, held.Approval.Id, default);
        Assert.StartsWith("apr_", held.Approval.Id, StringComparison.Ordinal);
        Assert.Equal((ApprovalStatus.Pending, "ses_1", "alice", "mail.delete"), (stored?.Status, stored?.SessionId, stored?.UserId, stored?.RuleId));
        Assert.Equal(_time.GetUtcNow() + Ttl, stored!.ExpiresAt);
        Assert.DoesNotContain("abc", stored.Query, StringComparison.Ordinal);
        Assert.Equal(2, stored.BodyLength);
    }

    [Fact]
    public async Task Each_hold_mints_a_new_id()
    {
        var first = Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(Request(), default));
        var second = Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(Request(), default));

        Assert.NotEqual(first.Approval.Id, second.Approval.Id);
    }

    [Fact]
    public async Task A_retry_before_anyone_decides_is_still_held()
    {
        var id = await HoldAsync();

        var result = await _service.RedeemAsync(Request(), id, default);

        Assert.Equal(id, Assert.IsType<ApprovalResult.Held>(result).Approval.Id);
    }

    [Fact]
    public async Task An_approved_request_is_redeemed_once_and_then_used()
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: true);

        var first = await _service.RedeemAsync(Request(), id, default);
        var replay = await _service.RedeemAsync(Request(), id, default);

        Assert.IsType<ApprovalResult.Approved>(first);
        Assert.IsType<ApprovalResult.Used>(replay);
        Assert.Equal(ApprovalStatus.Used, (await _store.GetAsync(Tenant, id, default))!.Status);
    }

    [Fact]
    public async Task Concurrent_retries_redeem_an_approval_exactly_once()
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _service.RedeemAsync(Request(), id, default))));

        Assert.Single(results, r => r is ApprovalResult.Approved);
        Assert.All(results, r => Assert.True(r is ApprovalResult.Approved or ApprovalResult.Used));
    }

    [Fact]
    public async Task A_denied_request_stays_denied()
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: false);

        Assert.IsType<ApprovalResult.Denied>(await _service.RedeemAsync(Request(), id, default));
    }

    [Fact]
    public async Task An_approval_not_used_within_its_ttl_expires()
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: true);
        _time.Advance(Ttl);

        Assert.IsType<ApprovalResult.Expired>(await _service.RedeemAsync(Request(), id, default));
    }

    [Theory]
    [InlineData("unknown id")]
    [InlineData("another session")]
    [InlineData("another tenant")]
    [InlineData("another method")]
    [InlineData("another path")]
    [InlineData("another body")]
    [InlineData("made by a tool call")]
    public async Task An_approval_presented_with_anything_else_is_a_mismatch(string change)
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: true);

        var result = await _service.RedeemAsync(Changed(change), change == "unknown id" ? "apr_unknown" : id, default);

        Assert.IsType<ApprovalResult.Mismatch>(result);
        Assert.Equal(ApprovalStatus.Approved, (await _store.GetAsync(Tenant, id, default))!.Status);
    }

    [Fact]
    public async Task A_tool_call_approval_is_bound_to_the_tool_and_its_arguments()
    {
        var call = Request() with { Subject = Subject with { ToolCall = new("gmail_delete", "aa") } };
        var id = Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(call, default)).Approval.Id;
        await DecideAsync(id, approve: true);

        var otherArguments = await _service.RedeemAsync(call with { Subject = Subject with { ToolCall = new("gmail_delete", "bb") } }, id, default);
        var otherTool = await _service.RedeemAsync(call with { Subject = Subject with { ToolCall = new("gmail_trash", "aa") } }, id, default);
        var same = await _service.RedeemAsync(call, id, default);

        Assert.IsType<ApprovalResult.Mismatch>(otherArguments);
        Assert.IsType<ApprovalResult.Mismatch>(otherTool);
        Assert.IsType<ApprovalResult.Approved>(same);
    }

    [Fact]
    public async Task A_malformed_json_body_is_neither_held_nor_redeemed()
    {
        var malformed = Request("{\"a\":1,\"a\":2}");

        var hold = await _service.HoldAsync(malformed, default);
        var redeem = await _service.RedeemAsync(malformed, "apr_unknown", default);

        Assert.IsType<ApprovalResult.MalformedBody>(hold);
        Assert.IsType<ApprovalResult.MalformedBody>(redeem);
        Assert.Empty(await _store.ListAsync(Tenant, null, default));
    }

    private async Task<string> HoldAsync() =>
        Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(Request(), default)).Approval.Id;

    private async Task DecideAsync(string id, bool approve)
    {
        var (result, _) = await _service.DecideAsync(Tenant, id, approve, "alice", callerIsTenantAdmin: false, null, default);
        Assert.Equal(ApprovalDecisionResult.Decided, result);
    }

    private static GatedRequest Changed(string change) => change switch
    {
        "unknown id" => Request(),
        "another session" => Request() with { Session = StepContext.Session() with { Id = "ses_2" } },
        "another tenant" => Request() with { Session = StepContext.Session() with { Tenant = "evil" } },
        "another method" => Request() with { Subject = Subject with { Method = "POST" } },
        "another path" => Request() with { Subject = Subject with { Path = "/gmail/v1/users/me/messages/2" } },
        "another body" => Request("{}"),
        "made by a tool call" => Request() with { Subject = Subject with { ToolCall = new("gmail_delete", "aa") } },
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private static GatedRequest Request(string body = "[]")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new GatedRequest(StepContext.Session(), Subject, new HeldBody(SHA256.HashData(bytes), bytes));
    }
}
