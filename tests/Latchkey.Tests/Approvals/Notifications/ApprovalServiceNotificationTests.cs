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

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary><see cref="ApprovalService"/> announces a new hold, and only a new one.</summary>
public sealed class ApprovalServiceNotificationTests
{
    private static readonly ApprovalSubject Subject = new(
        "mail", "mail.delete", "DELETE", "/gmail/v1/users/me/messages/1", "?q=1", "application/json", StringValues.Empty);

    private readonly RecordingNotifier _notifier = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly ApprovalService _service;

    public ApprovalServiceNotificationTests() => _service = new ApprovalService(
        new InMemoryApprovalStore(_time), _time, Options.Create(new ApprovalOptions()),
        NullLogger<ApprovalService>.Instance, TestMetrics.Create(), _notifier);

    [Fact]
    public async Task A_new_hold_is_announced_once_with_its_approval()
    {
        var held = Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(Request(), default));

        var notified = Assert.Single(_notifier.Notified);
        Assert.Equal(held.Approval.Id, notified.Id);
        Assert.Equal("?q=1", notified.Query);
    }

    [Fact]
    public async Task Re_sending_a_pending_request_with_its_approval_id_announces_nothing_more()
    {
        var held = Assert.IsType<ApprovalResult.Held>(await _service.HoldAsync(Request(), default));

        Assert.IsType<ApprovalResult.Held>(await _service.RedeemAsync(Request(), held.Approval.Id, default));

        Assert.Single(_notifier.Notified);
    }

    [Fact]
    public async Task A_malformed_body_is_refused_without_an_announcement()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":");

        Assert.IsType<ApprovalResult.MalformedBody>(await _service.HoldAsync(new GatedRequest(StepContext.Session(), Subject, new HeldBody(SHA256.HashData(bytes), bytes)), default));

        Assert.Empty(_notifier.Notified);
    }

    private static GatedRequest Request()
    {
        var bytes = Encoding.UTF8.GetBytes("[]");
        return new GatedRequest(StepContext.Session(), Subject, new HeldBody(SHA256.HashData(bytes), bytes));
    }
}
