using System.Net;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// The real process loses its local audit buffer (the folder is replaced by a file, so no
/// segment can be created): requests fail closed with 503 and nothing is forwarded.
/// The in-process variant, with readyz and recovery, is HealthTests.
/// </summary>
public sealed class AuditBufferFaultTests
{
    [Fact]
    public async Task Unwritable_audit_buffer_fails_requests_closed_with_503_and_forwards_nothing()
    {
        await using var rig = await FaultRig.StartAsync(null);
        using (var before = await rig.GetTicketAsync("SUP-1"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Directory.Move(rig.AuditPath, rig.AuditPath + ".gone");
        await File.WriteAllTextAsync(rig.AuditPath, "not a folder");
        var forwarded = rig.Upstream.Received.Count;

        HttpResponseMessage? refused = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            refused?.Dispose();
            refused = await rig.GetTicketAsync("SUP-2");
            if (refused.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                break;
            }

            forwarded = rig.Upstream.Received.Count;
            await Task.Delay(100);
        }

        await ErrorAssert.IsErrorAsync(refused!, 503, "audit_unavailable");
        refused!.Dispose();
        using var again = await rig.GetTicketAsync("SUP-3");
        await ErrorAssert.IsErrorAsync(again, 503, "audit_unavailable");
        Assert.Equal(forwarded, rig.Upstream.Received.Count);
    }
}
