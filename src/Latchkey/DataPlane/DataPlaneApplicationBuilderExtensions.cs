using Latchkey.Approvals;
using Latchkey.Hosting;
using Latchkey.RateLimiting;
using Latchkey.Telemetry;

namespace Latchkey.DataPlane;

/// <summary>The middleware that runs before routing, in the order the contract needs, and the data plane's own branch.</summary>
public static class DataPlaneApplicationBuilderExtensions
{
    /// <summary>Request id, audit (fail closed) and canonical target, in that order.</summary>
    /// <param name="app">The pipeline.</param>
    /// <param name="beforeAudit">
    /// Endpoints answered after the request id and before the audit step: not data-plane requests,
    /// so never refused while the audit buffer cannot be written and never given a
    /// <c>latchkey.request</c> record (the Prometheus scrape, which must report the buffer exactly then).
    /// </param>
    public static IApplicationBuilder UseLatchkeyRequestGate(this IApplicationBuilder app, Action<IApplicationBuilder>? beforeAudit = null)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        beforeAudit?.Invoke(app);
        app.UseMiddleware<DataPlaneAuditMiddleware>();
        app.UseMiddleware<RequestTargetMiddleware>();
        return app;
    }

    /// <summary>
    /// Sends every request whose first canonical segment could name a provider down the data
    /// plane's steps, ending in the forwarder; everything else (management API, OAuth callback,
    /// probes) goes on to routing. Call right after <see cref="UseLatchkeyRequestGate"/>.
    /// </summary>
    /// <remarks>
    /// The branch runs before routing, authentication and authorization: its own steps
    /// authenticate the session, limit and decide, so the middleware only /v1 needs would be pure
    /// per-request cost on the hottest path (bench/README.md). A request that names no provider
    /// is answered 401 without a session and 404 <c>unknown_provider</c> with one, so provider
    /// names cannot be probed anonymously.
    /// </remarks>
    public static IApplicationBuilder UseLatchkeyDataPlane(this IApplicationBuilder app)
    {
        app.MapWhen(IsProviderRequest, dataPlane =>
        {
            dataPlane.UseLatchkeyRequestSpans();
            dataPlane.UseMiddleware<ProviderResolutionStep>();
            dataPlane.UseMiddleware<SessionAuthenticationStep>();
            dataPlane.UseMiddleware<SessionRateLimitStep>();

            // A remote MCP server's messages are judged by their own step, then held, credentialed and forwarded as any request.
            dataPlane.MapWhen(IsRemoteMcpRequest, mcp =>
            {
                mcp.UseMiddleware<Mcp.Remote.RemoteMcpStep>();
                mcp.UseMiddleware<ApprovalGateStep>();
                mcp.UseMiddleware<CredentialStep>();
                mcp.UseMiddleware<UpstreamForwardingStep>();
            });
            dataPlane.UseMiddleware<RuleBodyInspectionStep>();
            dataPlane.UseMiddleware<RuleEnforcementStep>();
            dataPlane.UseMiddleware<FormMethodOverrideStep>();
            dataPlane.UseMiddleware<ApprovalGateStep>();
            dataPlane.UseMiddleware<CredentialStep>();
            dataPlane.UseMiddleware<UpstreamForwardingStep>();
        });
        return app;
    }

    private static bool IsRemoteMcpRequest(HttpContext context) =>
        context.Features.Get<AgentRequestFeature>() is { ProviderDefinition.Kind: Providers.ProviderKind.Mcp };

    // RequestTargetMiddleware decides this once from the canonical path: reserved first segments
    // (v1, oauth, healthz, ...) are Latchkey's own, every other one addresses a provider.
    private static bool IsProviderRequest(HttpContext context) =>
        context.Features.Get<AgentRequestFeature>() is { IsDataPlane: true };
}
