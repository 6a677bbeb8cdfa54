namespace Latchkey.IntegrationTests.Telemetry;

/// <summary>
/// Telemetry tests run alone: an OpenTelemetry provider listens to every meter and activity
/// source named Latchkey in the process, so concurrent hosts would blur what each test sees.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class TelemetryTestGroup
{
    public const string Name = "telemetry";
}
