using System.Diagnostics.Metrics;
using Latchkey.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Testing;

/// <summary>Latchkey's instruments on a meter of their own, for components built without a host.</summary>
public static class TestMetrics
{
    public static LatchkeyMetrics Create() => new(CreateFactory());

    /// <summary>A meter factory of its own: a <see cref="MeterListener"/> can tell its meters from every other test's by <see cref="Meter.Scope"/>.</summary>
    public static IMeterFactory CreateFactory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
