using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.RateLimiting;

/// <summary>Registers per-session rate limiting for provider routes (applied by <c>DataPlane/SessionRateLimitStep</c>).</summary>
public static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyRateLimiting(this IServiceCollection services)
    {
        // Validated by SessionRateLimiter, at start and on each reload (a bad reload keeps the old limits).
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        services.TryAddSingleton<SessionRateLimiter>();
        return services;
    }
}
