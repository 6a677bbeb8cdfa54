using Latchkey.RateLimiting;

namespace Latchkey.Tests.RateLimiting;

public sealed class RateLimitOptionsValidatorTests
{
    [Theory]
    [InlineData(100, 200, true)]
    [InlineData(0, 0, true)]
    [InlineData(-1, 10, false)]
    [InlineData(5, 0, false)]
    public void Limits_must_be_usable(int permits, int burst, bool valid)
    {
        var options = new RateLimitOptions { Default = new TokenBucketSettings { PermitsPerSecond = permits, Burst = burst } };

        var result = new RateLimitOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Latchkey:RateLimits:Default", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Provider_override_wins_over_the_default()
    {
        var options = new RateLimitOptions();
        options.Providers["mail"] = new TokenBucketSettings { PermitsPerSecond = 3, Burst = 4 };

        Assert.Equal(3, options.For("mail").PermitsPerSecond);
        Assert.Equal(100, options.For("tickets").PermitsPerSecond);
    }
}
