using System.Collections.Concurrent;

namespace Latchkey.Stores.Caching;

/// <summary>
/// A bounded in-process cache whose entries expire after a fixed time. Fills are refused when
/// the cache is full (after dropping what has expired) rather than evicting live entries: a
/// miss costs one store read, an unbounded cache costs the process.
/// </summary>
internal sealed class ExpiringCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly TimeProvider _time;
    private readonly int _maxEntries;

    public ExpiringCache(TimeProvider time, int maxEntries, IEqualityComparer<TKey>? comparer = null)
    {
        _time = time;
        _maxEntries = maxEntries;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (_time.GetTimestamp() < entry.ExpiresAt)
            {
                value = entry.Value;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= _maxEntries && !_entries.ContainsKey(key))
        {
            RemoveExpired();
            if (_entries.Count >= _maxEntries)
            {
                return;
            }
        }

        var ticks = (long)(lifetime.TotalSeconds * _time.TimestampFrequency);
        _entries[key] = new Entry(value, _time.GetTimestamp() + ticks);
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    private void RemoveExpired()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, entry) in _entries)
        {
            if (now >= entry.ExpiresAt)
            {
                _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            }
        }
    }

    private readonly record struct Entry(TValue Value, long ExpiresAt);
}
