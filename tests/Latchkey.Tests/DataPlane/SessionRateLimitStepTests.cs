using Latchkey.DataPlane;
using Latchkey.RateLimiting;
using Latchkey.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.DataPlane;

public sealed class SessionRateLimitStepTests
{
    [Fact]
    public async Task Requests_within_the_burst_go_on()
    {
        using var limiter = Limiter(permitsPerSecond: 1, burst: 2);

        var results = new List<bool>();
        for (var i = 0; i < 2; i++)
        {
            var context = Context();
            await new SessionRateLimitStep(context.Next, limiter).InvokeAsync(context.Http);
            results.Add(context.NextRan);
        }

        Assert.Equal([true, true], results);
    }

    [Fact]
    public async Task Request_past_the_burst_is_refused_429_with_retry_after()
    {
        using var limiter = Limiter(permitsPerSecond: 1, burst: 1);
        var first = Context();
        var second = Context();

        await new SessionRateLimitStep(first.Next, limiter).InvokeAsync(first.Http);
        await new SessionRateLimitStep(second.Next, limiter).InvokeAsync(second.Http);

        Assert.True(first.NextRan);
        Assert.False(second.NextRan);
        Assert.Equal((429, "rate_limited"), (second.Status, second.ErrorCode));
        Assert.True(int.Parse(second.Http.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(10, 1)]
    public async Task Retry_after_is_never_earlier_than_the_next_permit(int permitsPerSecond, int expectedSeconds)
    {
        // Buckets are refilled on a 100 ms timer: at 1/s the next permit can come 1.1 s after the last.
        using var limiter = Limiter(permitsPerSecond, burst: 2);
        var last = Context();
        for (var i = 0; i < 3; i++)
        {
            last = Context();
            await new SessionRateLimitStep(last.Next, limiter).InvokeAsync(last.Http);
        }

        Assert.Equal(429, last.Status);
        Assert.Equal(expectedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), last.Http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Provider_without_a_limit_is_never_refused()
    {
        using var limiter = Limiter(permitsPerSecond: 0, burst: 0);

        for (var i = 0; i < 50; i++)
        {
            var context = Context();
            await new SessionRateLimitStep(context.Next, limiter).InvokeAsync(context.Http);
            Assert.True(context.NextRan);
        }
    }

    [Fact]
    public async Task Another_session_has_its_own_bucket()
    {
        using var limiter = Limiter(permitsPerSecond: 1, burst: 1);
        var spent = Context();
        var other = Context(sessionId: "ses_2");

        await new SessionRateLimitStep(spent.Next, limiter).InvokeAsync(spent.Http);
        await new SessionRateLimitStep(other.Next, limiter).InvokeAsync(other.Http);

        Assert.True(other.NextRan);
    }

    private static SessionRateLimiter Limiter(int permitsPerSecond, int burst) =>
        new(
            new FixedOptionsMonitor<RateLimitOptions>(new RateLimitOptions
            {
                Default = new TokenBucketSettings { PermitsPerSecond = permitsPerSecond, Burst = burst },
            }),
            NullLogger<SessionRateLimiter>.Instance);

    private static StepContext Context(string sessionId = "ses_1")
    {
        var context = new StepContext();
        var session = StepContext.Session() with { Id = sessionId };
        context.Http.Features.Set(new AgentSessionFeature(session));
        context.AgentRequest.Session = session;
        return context;
    }
}
