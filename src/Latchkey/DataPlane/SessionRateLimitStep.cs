using Latchkey.RateLimiting;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.DataPlane;

/// <summary>
/// Provider-route step after session authentication: refuses a request over its session's
/// limit with 429 <c>rate_limited</c> and <c>Retry-After</c>, before any rule or credential work.
/// </summary>
internal sealed class SessionRateLimitStep
{
    private readonly RequestDelegate _next;
    private readonly SessionRateLimiter _limiter;

    public SessionRateLimitStep(RequestDelegate next, SessionRateLimiter limiter)
    {
        _next = next;
        _limiter = limiter;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        var session = agentRequest.Session!;
        var provider = agentRequest.Provider!;

        // A token bucket lease holds nothing once granted, so it is released at once.
        using var lease = _limiter.Acquire(new SessionBucketKey(session.Tenant, session.Id, provider));
        return lease is null || lease.IsAcquired ? _next(context) : RateLimitRejection.WriteAsync(context, lease);
    }
}
