using Latchkey.Approvals;
using Latchkey.Hosting;
using Latchkey.RateLimiting;

namespace Latchkey.Forwarding;

/// <summary>Maps the data plane: YARP's provider routes with Latchkey's steps, and the fallbacks.</summary>
public static class DataPlaneEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapLatchkeyDataPlane(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<SessionAuthenticationStep>();
            proxy.UseMiddleware<UpstreamErrorStep>();
            proxy.UseMiddleware<ProviderResolutionStep>();
            proxy.UseMiddleware<SessionRateLimitStep>();
            proxy.UseMiddleware<RuleEnforcementStep>();
            proxy.UseMiddleware<ApprovalGateStep>();
            proxy.UseMiddleware<CredentialStep>();
        })
        // Provider routes run straight after routing: their own steps authenticate the session,
        // limit and decide, so ASP.NET's authentication and authorization middleware (which only
        // the /v1 endpoints need) would be pure per-request cost here (bench/README.md). Routing
        // refuses to short-circuit an endpoint that carries authorization metadata, so a policy
        // added to these routes later could not be skipped silently.
        .ShortCircuit();

        // Unknown management paths are plain 404s; unknown providers are reported only to a
        // caller holding a valid session, so provider names cannot be probed anonymously.
        foreach (var reserved in ReservedSegments.All)
        {
            endpoints.Map($"/{reserved}/{{**rest}}", NotFoundAsync);
        }

        endpoints.MapFallback(UnknownProviderEndpoint.WriteAsync).RequireAuthorization(ProviderRoutes.AgentSessionPolicy);
        return endpoints;
    }

    private static Task NotFoundAsync(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such endpoint.");
}
