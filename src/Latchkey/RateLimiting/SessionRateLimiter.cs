using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Latchkey.RateLimiting;

/// <summary>
/// Per-session request limits for provider routes: one token bucket per (tenant, session,
/// provider), built from <see cref="RateLimitOptions"/> when the bucket is first used.
/// </summary>
internal sealed class SessionRateLimiter : IDisposable
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly PartitionedRateLimiter<SessionBucketKey> _buckets;

    public SessionRateLimiter(IOptionsMonitor<RateLimitOptions> options)
    {
        _options = options;
        _buckets = PartitionedRateLimiter.Create<SessionBucketKey, SessionBucketKey>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, bucket =>
            {
                var settings = _options.CurrentValue.For(bucket.Provider);
                return new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                };
            }));
    }

    /// <summary>
    /// Takes one permit for the request. Null when no limit applies to the provider (the
    /// <c>PermitsPerSecond = 0</c> setting), so an unlimited route never touches a bucket.
    /// </summary>
    public RateLimitLease? Acquire(SessionBucketKey key)
    {
        var settings = _options.CurrentValue.For(key.Provider);
        return settings.PermitsPerSecond == 0 ? null : _buckets.AttemptAcquire(key);
    }

    public void Dispose() => _buckets.Dispose();
}
