using Latchkey.DataPlane;
using Latchkey.Hosting;

namespace Latchkey.Mcp;

/// <summary>
/// The data plane's middleware, composed once more for tool calls: the same request gate
/// (request id, audit, canonical target) and the same steps (provider, session, rate limit,
/// rules, approval, credential, forwarder) a REST request passes, so a tool call is never judged
/// or forwarded beside them.
/// </summary>
internal sealed class ToolPipeline
{
    private readonly Lazy<RequestDelegate> _pipeline;

    public ToolPipeline(IServiceProvider services) => _pipeline = new(() => Build(services));

    public RequestDelegate Pipeline => _pipeline.Value;

    private static RequestDelegate Build(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseLatchkeyRequestGate();
        app.UseLatchkeyDataPlane();

        // Not reached: a tool's path always starts with its provider's name, and provider names
        // are never reserved segments.
        app.Run(context => ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such endpoint."));
        return app.Build();
    }
}
