using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.Telemetry;
using Latchkey.Testing;
using Latchkey.Tests.Admin;
using Latchkey.Tests.DataPlane;
using Latchkey.Tests.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Tests.Mcp;

public sealed class InvalidArgumentsAuditTests
{
    [Fact]
    public async Task A_tool_call_refused_for_its_arguments_is_recorded_and_counted_as_a_denied_invalid_request()
    {
        var meters = TestMetrics.CreateFactory();
        using var measurements = new RecordedMeasurements(meters);
        var trail = new RecordingAuditTrail();
        using var services = new ServiceCollection()
            .AddSingleton<IAuditTrail>(trail)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(meters)
            .AddSingleton<LatchkeyMetrics>()
            .AddSingleton<RequestTelemetry>()
            .BuildServiceProvider();
        var audit = ActivatorUtilities.CreateInstance<InvalidArgumentsAudit>(services);
        var tool = Assert.Single(TestTools.Load(TestTools.GetItem).Tools);

        Assert.True(await audit.RecordAsync(new DefaultHttpContext(), StepContext.Session(), tool, "hash"));

        var recorded = Assert.Single(trail.Events);
        Assert.Equal((AuditDecisions.Denied, ErrorCodes.InvalidRequest), (recorded.Decision, recorded.Reason));
        var counted = Assert.Single(measurements.Of("latchkey.requests"));
        Assert.Equal(1, counted.Value);
        Assert.Equal("github", counted.Tags[TelemetryTags.Provider]);
        Assert.Equal(AuditDecisions.Denied, counted.Tags[TelemetryTags.Decision]);
        Assert.Equal(ErrorCodes.InvalidRequest, counted.Tags[TelemetryTags.Reason]);
        Assert.Equal("GET", counted.Tags[TelemetryTags.Method]);
    }
}
