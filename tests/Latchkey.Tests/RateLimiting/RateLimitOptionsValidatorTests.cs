using Latchkey.RateLimiting;

namespace Latchkey.Tests.RateLimiting;

public sealed class RateLimitOptionsValidatorTests
{
    [Theory]
    [InlineData(100, 200, true)]
    [InlineData(0, 0, true)]
    [InlineData(-1, 10, false)]
    [InlineData(5, 0, false)]
    [InlineData(100, 19, false)] // the burst must hold a fifth of a second of permits
    [InlineData(100, 20, true)]
    [InlineData(7, 1, false)]
    [InlineData(5, 1, true)]
    [InlineData(1_000_001, 1_000_000, false)]
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

    [Theory]
    [InlineData("GitHub")]
    [InlineData("azure_openai")]
    [InlineData("mail ")]
    public void Override_for_a_name_no_provider_can_have_is_refused(string provider)
    {
        var options = new RateLimitOptions();
        options.Providers[provider] = new() { PermitsPerSecond = 1 };

        var result = new RateLimitOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Latchkey:RateLimits:Providers:{provider}", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("[a-z0-9-]", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_override_wins_over_the_default()
    {
        var options = new RateLimitOptions();
        options.Providers["mail"] = new TokenBucketOverride { PermitsPerSecond = 3, Burst = 4 };

        Assert.Equal(3, options.For("mail").PermitsPerSecond);
        Assert.Equal(100, options.For("tickets").PermitsPerSecond);
    }
}
