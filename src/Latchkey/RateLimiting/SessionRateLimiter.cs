using System.Threading.RateLimiting;
using Latchkey.Forwarding;
using Latchkey.Sessions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Latchkey.RateLimiting;

/// <summary>
/// The ASP.NET Core rate limiting policy for provider routes: one token bucket per (session,
/// provider). Requests without a session are never limited here — they are refused earlier.
/// </summary>
internal sealed class SessionRateLimiter : IRateLimiterPolicy<string>
{
    public const string PolicyName = "AgentSessionRequests";

    private readonly IOptionsMonitor<RateLimitOptions> _options;

    public SessionRateLimiter(IOptionsMonitor<RateLimitOptions> options) => _options = options;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RateLimitRejection.WriteAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var session = httpContext.Features.Get<AgentSessionFeature>()?.Session;
        var provider = httpContext.Features.Get<AgentRequestFeature>()?.Provider;
        if (session is null || provider is null)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var settings = _options.CurrentValue.For(provider);
        if (settings.PermitsPerSecond == 0)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        // Tenant is part of the key so identical session ids could never share a bucket.
        return RateLimitPartition.GetTokenBucketLimiter($"{session.Tenant}\n{session.Id}\n{provider}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
