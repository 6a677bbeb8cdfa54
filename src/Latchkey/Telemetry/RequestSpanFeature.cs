using System.Diagnostics;

namespace Latchkey.Telemetry;

/// <summary>The request's span, started by <see cref="RequestSpanStep"/> and ended by <see cref="RequestTelemetry"/> with the audit record's decision.</summary>
internal sealed class RequestSpanFeature
{
    public RequestSpanFeature(Activity activity) => Activity = activity;

    public Activity Activity { get; }
}
