using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class SessionOptionsValidatorTests
{
    [Theory]
    [InlineData("1.00:00:00", "01:00:00", true)]
    [InlineData("01:00:00", "01:00:00", true)]
    [InlineData("00:00:00", "01:00:00", false)]
    [InlineData("01:00:00", "-00:00:01", false)]
    [InlineData("01:00:00", "02:00:00", false)]
    public void Lifetimes_must_be_positive_and_default_within_max(string max, string defaultTtl, bool valid)
    {
        var options = new SessionOptions
        {
            MaxTtl = TimeSpan.Parse(max, System.Globalization.CultureInfo.InvariantCulture),
            DefaultTtl = TimeSpan.Parse(defaultTtl, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = new SessionOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Latchkey:Sessions:", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unset_default_fits_under_a_short_max()
    {
        var options = new SessionOptions { MaxTtl = TimeSpan.FromMinutes(15) };

        Assert.True(new SessionOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(15), options.EffectiveDefaultTtl);
        Assert.Equal(TimeSpan.FromHours(1), new SessionOptions().EffectiveDefaultTtl);
    }
}
