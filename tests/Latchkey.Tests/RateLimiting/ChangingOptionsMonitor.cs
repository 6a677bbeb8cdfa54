using Microsoft.Extensions.Options;

namespace Latchkey.Tests.RateLimiting;

/// <summary>
/// An options monitor whose value a test changes while it runs, telling listeners as a reloaded
/// <c>appsettings.json</c> would; with several values, each read of <see cref="CurrentValue"/>
/// answers the next one (the last repeats), so a test can change the value between two reads.
/// </summary>
internal sealed class ChangingOptionsMonitor<T>(params T[] values) : IOptionsMonitor<T>
{
    private readonly List<Action<T, string?>> _listeners = [];
    private readonly Queue<T> _upcoming = new(values.Skip(1));
    private T _value = values[0];

    public T CurrentValue
    {
        get
        {
            var current = _value;
            if (_upcoming.Count > 0)
            {
                _value = _upcoming.Dequeue();
            }

            return current;
        }
    }

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return null;
    }

    public void Change(T value)
    {
        _upcoming.Clear();
        _value = value;
        foreach (var listener in _listeners)
        {
            listener(value, Options.DefaultName);
        }
    }
}
