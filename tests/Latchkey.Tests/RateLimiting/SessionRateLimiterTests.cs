using Latchkey.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.RateLimiting;

public sealed class SessionRateLimiterTests
{
    [Fact]
    public void Provider_without_a_limit_takes_no_permit()
    {
        using var limiter = Limiter(new RateLimitOptions { Default = new TokenBucketSettings { PermitsPerSecond = 0 } });

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Null(limiter.Acquire(new SessionBucketKey("t1", "s1", "mail")));
        }
    }

    [Fact]
    public void Session_is_refused_once_its_burst_is_spent()
    {
        using var limiter = Limiter(new RateLimitOptions { Default = new TokenBucketSettings { PermitsPerSecond = 1, Burst = 3 } });
        var key = new SessionBucketKey("t1", "s1", "mail");

        var granted = Enumerable.Range(0, 5).Select(_ => Acquired(limiter, key)).ToList();

        Assert.Equal([true, true, true, false, false], granted);
    }

    [Fact]
    public void Same_session_id_in_another_tenant_or_provider_has_its_own_bucket()
    {
        using var limiter = Limiter(new RateLimitOptions { Default = new TokenBucketSettings { PermitsPerSecond = 1, Burst = 1 } });

        Assert.True(Acquired(limiter, new SessionBucketKey("t1", "s1", "mail")));
        Assert.False(Acquired(limiter, new SessionBucketKey("t1", "s1", "mail")));
        Assert.True(Acquired(limiter, new SessionBucketKey("t2", "s1", "mail")));
        Assert.True(Acquired(limiter, new SessionBucketKey("t1", "s1", "crm")));
    }

    [Fact]
    public void Per_provider_override_wins_over_the_default()
    {
        var options = new RateLimitOptions { Default = new TokenBucketSettings { PermitsPerSecond = 1, Burst = 1 } };
        options.Providers["crm"] = new TokenBucketOverride { PermitsPerSecond = 0 };
        using var limiter = Limiter(options);

        Assert.Null(limiter.Acquire(new SessionBucketKey("t1", "s1", "crm")));
        Assert.True(Acquired(limiter, new SessionBucketKey("t1", "s1", "mail")));
        Assert.False(Acquired(limiter, new SessionBucketKey("t1", "s1", "mail")));
    }

    [Fact]
    public void Invalid_limits_stop_the_start_naming_the_key()
    {
        var options = new RateLimitOptions { Default = new TokenBucketSettings { PermitsPerSecond = -1 } };

        var exception = Assert.Throws<OptionsValidationException>(() => Limiter(options));

        Assert.Contains("Latchkey:RateLimits:Default:PermitsPerSecond", exception.Message, StringComparison.Ordinal);
    }

    private static bool Acquired(SessionRateLimiter limiter, SessionBucketKey key)
    {
        using var lease = limiter.Acquire(key);
        Assert.NotNull(lease);
        return lease.IsAcquired;
    }

    private static SessionRateLimiter Limiter(RateLimitOptions options) =>
        new(new StaticOptionsMonitor(options), NullLogger<SessionRateLimiter>.Instance);

    private sealed class StaticOptionsMonitor(RateLimitOptions value) : IOptionsMonitor<RateLimitOptions>
    {
        public RateLimitOptions CurrentValue => value;

        public RateLimitOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RateLimitOptions, string?> listener) => null;
    }
}
