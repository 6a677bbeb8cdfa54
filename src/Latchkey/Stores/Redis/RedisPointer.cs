using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>A reference from an index key (token hash, OAuth state) to a tenant's record: "tenant\nid".</summary>
internal static class RedisPointer
{
    public static string Format(string tenant, string id) => tenant + "\n" + id;

    public static bool TryParse(RedisValue value, [NotNullWhen(true)] out string? tenant, [NotNullWhen(true)] out string? id)
    {
        tenant = null;
        id = null;
        if (value.IsNullOrEmpty)
        {
            return false;
        }

        var text = (string)value!;
        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            return false;
        }

        tenant = text[..separator];
        id = text[(separator + 1)..];
        return true;
    }
}
