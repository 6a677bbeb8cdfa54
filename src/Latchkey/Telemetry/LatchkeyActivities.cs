using System.Diagnostics;

namespace Latchkey.Telemetry;

/// <summary>
/// The <c>Latchkey</c> activity source and its span names. Without a listener (telemetry off, or
/// traces off) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null at
/// its first check, so the call sites cost a field read.
/// </summary>
public static class LatchkeyActivities
{
    public const string SourceName = "Latchkey";

    /// <summary>One per data-plane request that reached the provider branch; renamed <c>latchkey.request {provider}</c> at its end.</summary>
    public const string Request = "latchkey.request";

    /// <summary>One Redis store call (all its round trips), child of whatever span is current.</summary>
    public const string Store = "latchkey.store";

    /// <summary>One user-token refresh flight (shared by concurrent callers), child of the request that started it.</summary>
    public const string Refresh = "latchkey.refresh";

    /// <summary>The forwarder call: request to the provider and its response streamed back.</summary>
    public const string Upstream = "latchkey.upstream";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>A child span of the current span, tagged with the provider; null while nothing listens.</summary>
    public static Activity? StartChild(string name, string? provider, ActivityKind kind = ActivityKind.Internal)
    {
        var activity = Source.StartActivity(name, kind);
        if (activity is { IsAllDataRequested: true } && provider is not null)
        {
            activity.SetTag(TelemetryTags.Provider, provider);
        }

        return activity;
    }
}
