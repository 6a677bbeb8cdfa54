using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Audit;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers created on it, so a test knows that a
/// background loop has reached its wait (Task.Delay makes one timer) before it advances time.
/// </summary>
public sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }
}
