using ModelContextProtocol.Server;

namespace Latchkey.Mcp;

/// <summary>
/// The <c>/mcp</c> request a <c>tools/list</c> or <c>tools/call</c> arrived on, for the handlers
/// (scoped: one per request, since the server is stateless). Remembered through the transport's
/// per-request hook instead of an <c>IHttpContextAccessor</c>: registering one makes ASP.NET set
/// an async-local and build a fresh <c>HttpContext</c> on every request of the process, the data
/// plane's included (bench/README.md), for the sake of <c>/mcp</c> alone.
/// </summary>
internal sealed class McpEndpointRequest
{
    public HttpContext? Context { get; private set; }

    /// <summary>
    /// <c>HttpServerTransportOptions.ConfigureSessionOptions</c>: in stateless mode the SDK calls it
    /// for every request, with that request, before any handler runs.
    /// </summary>
    public static Task Remember(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RequestServices.GetRequiredService<McpEndpointRequest>().Context = context;
        return Task.CompletedTask;
    }
}
