using System.Text;
using Latchkey.Audit;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Telemetry;
using Latchkey.Testing;
using Latchkey.Tests.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.DataPlane;

/// <summary>The data plane's records against the real durable buffer: what its size cap refuses and what it must not.</summary>
public sealed class DataPlaneAuditTests : IDisposable
{
    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task At_the_buffer_cap_a_forwarded_requests_completion_is_still_written_and_a_new_forward_is_refused()
    {
        using var buffer = new DurableAuditBuffer(_temp.Path, 100, _time, NullLogger<DurableAuditBuffer>.Instance, maxBufferBytes: 1000);
        var audit = new DataPlaneAudit(new AuditTrail(buffer, new RecordingAuditConsole()), _time, NullLogger<DataPlaneAudit>.Instance,
            new RequestTelemetry(new LatchkeyMetrics(TestMetrics.CreateFactory())));
        var forwarded = new StepContext();
        Assert.True(await audit.RecordForwardAsync(forwarded.Http, forwarded.AgentRequest));
        forwarded.AgentRequest.Forwarded = true;

        // Seq down: the buffer fills up to its cap while the request streams.
        var filler = Encoding.ASCII.GetBytes(new string('x', 99));
        while (buffer.IsWritable)
        {
            Assert.True(buffer.TryAppend(filler));
        }

        var ended = await audit.RecordEndAsync(forwarded.Http, forwarded.Http.Features.GetRequiredFeature<RequestOutcomeFeature>());
        var next = new StepContext();
        var nextForwardWritten = await audit.RecordForwardAsync(next.Http, next.AgentRequest);

        Assert.True(ended);
        Assert.False(nextForwardWritten);
        var lines = buffer.Snapshot().Segments.SelectMany(s => File.ReadAllLines(buffer.PathOf(s))).ToList();
        Assert.Single(lines, l => l.Contains("\"EventType\":\"latchkey.forward\"", StringComparison.Ordinal));
        var completion = Assert.Single(lines, l => l.Contains("\"EventType\":\"latchkey.request\"", StringComparison.Ordinal));
        Assert.Contains("\"Outcome\":\"completed\"", completion, StringComparison.Ordinal);
    }
}
