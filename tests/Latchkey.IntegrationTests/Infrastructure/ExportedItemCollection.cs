using System.Collections;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>
/// A collection for OpenTelemetry's in-memory exporters. The exporters add from whichever thread
/// ends a span or runs a metric export (the audit shipper's posts, the periodic reader) while the
/// test reads, so a plain <see cref="List{T}"/> can throw "Collection was modified" mid-assertion.
/// Every add is taken under a lock and every enumeration walks a copy.
/// </summary>
public sealed class ExportedItemCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_gate)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_gate)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }
}
