using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Latchkey.RateLimiting;

/// <summary>
/// Per-session request limits for provider routes: one token bucket per (tenant, session,
/// provider), under the <see cref="RateLimitOptions"/> in force, which a reload replaces when valid.
/// </summary>
internal sealed partial class SessionRateLimiter : IDisposable
{
    /// <summary>
    /// How often the framework's partitioned limiter refills every bucket (one shared timer,
    /// <c>DefaultPartitionedRateLimiter</c>'s heartbeat): a permit can come this much after its time.
    /// </summary>
    public static readonly TimeSpan RefillInterval = TimeSpan.FromMilliseconds(100);

    private readonly RateLimitOptionsValidator _validator = new();
    private readonly ILogger<SessionRateLimiter> _logger;
    private readonly PartitionedRateLimiter<BucketPartition> _buckets;
    private readonly IDisposable? _subscription;
    private volatile RateLimitOptions _current;

    public SessionRateLimiter(IOptionsMonitor<RateLimitOptions> options, ILogger<SessionRateLimiter> logger)
    {
        _logger = logger;

        // Built with the data plane's pipeline, before the host starts: a bad value stops the start.
        var initial = options.CurrentValue;
        var result = _validator.Validate(Options.DefaultName, initial);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RateLimitOptions), result.Failures);
        }

        _current = initial;
        _buckets = PartitionedRateLimiter.Create<BucketPartition, BucketPartition>(partition =>
            RateLimitPartition.GetTokenBucketLimiter(partition, static p => BucketOptions(p.Limits)));
        _subscription = options.OnChange(Apply);
    }

    /// <summary>
    /// Takes one permit for the request. Null when no limit applies to the provider (the
    /// <c>PermitsPerSecond = 0</c> setting), so an unlimited route never touches a bucket.
    /// </summary>
    public RateLimitLease? Acquire(SessionBucketKey key)
    {
        var limits = _current.For(key.Provider);
        return limits.IsOff ? null : _buckets.AttemptAcquire(new BucketPartition(key, limits));
    }

    /// <summary>
    /// One permit every 1/rate seconds, so a refused lease's <c>RetryAfter</c> is the wait for the
    /// next permit (<see cref="RateLimitRejection"/> adds <see cref="RefillInterval"/>).
    /// </summary>
    public static TokenBucketRateLimiterOptions BucketOptions(BucketLimits limits) => new()
    {
        TokenLimit = limits.Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / limits.PermitsPerSecond),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _buckets.Dispose();
    }

    // The options pipeline has no validator for this section: one there would make the monitor
    // throw on every read after a bad reload; here a bad reload is refused and the old limits stay.
    private void Apply(RateLimitOptions changed, string? name)
    {
        var result = _validator.Validate(name, changed);
        if (result.Failed)
        {
            Log.ReloadRefused(_logger, string.Join(" ", result.Failures));
            return;
        }

        _current = changed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, EventName = "RateLimitsReloadRefused", Level = LogLevel.Warning,
            Message = "Changed Latchkey:RateLimits not applied, the previous limits stay in force: {Errors}")]
        public static partial void ReloadRefused(ILogger logger, string errors);
    }
}
