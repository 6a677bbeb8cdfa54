namespace Latchkey.RateLimiting;

/// <summary>Registers per-session rate limiting for provider routes.</summary>
public static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyRateLimiting(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<RateLimitOptions, RateLimitOptionsValidator>()
            .BindConfiguration(RateLimitOptions.SectionName);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<string, SessionRateLimiter>(SessionRateLimiter.PolicyName);
        });
        return services;
    }
}
