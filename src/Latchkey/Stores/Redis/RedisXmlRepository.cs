using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Latchkey.Stores.Redis;

/// <summary>
/// The Data Protection key ring in a Redis list, so every instance encrypts and decrypts users'
/// tokens with the same keys. Data Protection caches the ring in memory and keeps using it if a
/// later refresh fails, so a Redis outage does not lose the keys already loaded.
/// </summary>
internal sealed class RedisXmlRepository : IXmlRepository
{
    private readonly RedisConnection _redis;

    public RedisXmlRepository(RedisConnection redis) => _redis = redis;

    public IReadOnlyCollection<XElement> GetAllElements() =>
        _redis.Run(db => db.ListRange(RedisKeys.DataProtectionKeys))
            .Select(value => XElement.Parse((string)value!))
            .ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _redis.Run(db => db.ListRightPush(RedisKeys.DataProtectionKeys, element.ToString(SaveOptions.DisableFormatting)));
    }
}
