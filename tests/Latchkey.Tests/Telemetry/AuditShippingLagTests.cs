using Latchkey.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Telemetry;

public sealed class AuditShippingLagTests
{
    [Fact]
    public void Lag_grows_from_the_first_step_behind_and_is_zero_once_caught_up()
    {
        var time = new FakeTimeProvider();
        var lag = new AuditShippingLag(time);
        Assert.Equal(TimeSpan.Zero, lag.Current);

        lag.Behind();
        time.Advance(TimeSpan.FromSeconds(5));
        lag.Behind(); // still behind: measured from the first step, not this one
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(7), lag.Current);

        lag.CaughtUp();
        Assert.Equal(TimeSpan.Zero, lag.Current);
    }
}
