using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Latchkey.Stores.InMemory;

/// <summary>
/// Embedded-mode home of the Data Protection key ring: in memory, like the connections it
/// protects, so no key material is written to disk for tokens that die with the process.
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly ConcurrentQueue<XElement> _elements = new();

    public IReadOnlyCollection<XElement> GetAllElements() => _elements.Select(e => new XElement(e)).ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _elements.Enqueue(new XElement(element));
    }
}
