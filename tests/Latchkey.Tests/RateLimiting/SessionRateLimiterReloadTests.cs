using Latchkey.RateLimiting;
using Latchkey.Tests.Config;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.RateLimiting;

/// <summary>Limits changed while Latchkey runs (<c>appsettings.json</c> is reloaded on change).</summary>
public sealed class SessionRateLimiterReloadTests
{
    private static readonly SessionBucketKey Key = new("t1", "s1", "mail");

    [Fact]
    public void Lowered_limits_reach_a_session_that_keeps_sending()
    {
        var monitor = new ChangingOptionsMonitor<RateLimitOptions>(Limits(1000, 1000));
        using var provider = Services(monitor);
        var limiter = provider.GetRequiredService<SessionRateLimiter>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Acquired(limiter));
        }

        monitor.Change(Limits(1, 1));

        Assert.Equal([true, false, false], [Acquired(limiter), Acquired(limiter), Acquired(limiter)]);
    }

    [Fact]
    public void Limits_switched_off_and_on_between_two_reads_never_break_the_bucket()
    {
        // Each read of CurrentValue answers the next value: 5/s, then off, then 5/s again.
        var monitor = new ChangingOptionsMonitor<RateLimitOptions>(Limits(5, 5), Limits(0, 0), Limits(5, 5));
        using var provider = Services(monitor);
        var limiter = provider.GetRequiredService<SessionRateLimiter>();

        for (var i = 0; i < 3; i++)
        {
            var exception = Record.Exception(() => limiter.Acquire(Key)?.Dispose());
            Assert.Null(exception);
        }
    }

    [Fact]
    public void An_invalid_reload_keeps_the_last_valid_limits_and_warns_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:Default:PermitsPerSecond"] = "1",
            ["Latchkey:RateLimits:Default:Burst"] = "2",
        }).Build();
        var logs = new ListLoggerProvider();
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs))
            .AddSingleton<IConfiguration>(configuration)
            .AddLatchkeyRateLimiting()
            .BuildServiceProvider();
        var limiter = provider.GetRequiredService<SessionRateLimiter>();
        Assert.True(Acquired(limiter));

        configuration["Latchkey:RateLimits:Default:PermitsPerSecond"] = "-3";
        var reload = Record.Exception(configuration.Reload);

        Assert.Null(reload);
        Assert.Equal([true, false], [Acquired(limiter), Acquired(limiter)]);
        var warning = Assert.Single(logs.Events, e => e.EventId.Id == 4201);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Latchkey:RateLimits:Default:PermitsPerSecond", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_reload_after_an_invalid_one_applies()
    {
        var monitor = new ChangingOptionsMonitor<RateLimitOptions>(Limits(1000, 1000));
        using var provider = Services(monitor);
        var limiter = provider.GetRequiredService<SessionRateLimiter>();

        monitor.Change(Limits(-1, 1));
        Assert.True(Acquired(limiter));
        monitor.Change(Limits(1, 1));

        Assert.Equal([true, false], [Acquired(limiter), Acquired(limiter)]);
    }

    private static RateLimitOptions Limits(int permitsPerSecond, int burst) =>
        new() { Default = new TokenBucketSettings { PermitsPerSecond = permitsPerSecond, Burst = burst } };

    private static ServiceProvider Services(IOptionsMonitor<RateLimitOptions> monitor) =>
        new ServiceCollection()
            .AddLogging()
            .AddLatchkeyRateLimiting()
            .AddSingleton(monitor)
            .BuildServiceProvider();

    private static bool Acquired(SessionRateLimiter limiter)
    {
        using var lease = limiter.Acquire(Key);
        Assert.NotNull(lease);
        return lease.IsAcquired;
    }
}
