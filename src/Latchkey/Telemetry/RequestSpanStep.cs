using System.Diagnostics;

namespace Latchkey.Telemetry;

/// <summary>
/// First step of the data plane's branch while traces are on: starts the request's span, which
/// the store, refresh and upstream spans nest under. Never continues a trace from the agent: its
/// <c>traceparent</c> is agent-controlled input (it would choose trace ids, force sampling and
/// graft Latchkey's spans onto the agent's trace), so every request starts a new trace.
/// </summary>
internal sealed class RequestSpanStep
{
    private readonly RequestDelegate _next;

    public RequestSpanStep(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context) =>
        LatchkeyActivities.Source.HasListeners() ? TracedAsync(context) : _next(context);

    // Async so that Activity.Current, an async-local, is restored for the caller when it returns.
    private async Task TracedAsync(HttpContext context)
    {
        // Whatever a host-level listener may have made current (from the agent's headers) is not
        // this span's parent.
        Activity.Current = null;
        var activity = LatchkeyActivities.Source.StartActivity(LatchkeyActivities.Request, ActivityKind.Server);
        if (activity is not null)
        {
            // Ended by RequestTelemetry when the request's audit record is written, which for a
            // forwarded request is after this step returns (the response has been streamed by then).
            context.Features.Set(new RequestSpanFeature(activity));
        }

        await _next(context);
    }
}
