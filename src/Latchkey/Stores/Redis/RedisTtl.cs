namespace Latchkey.Stores.Redis;

/// <summary>
/// Relative expiries computed on Latchkey's clock: Redis's own clock never decides validity
/// (the stores re-check expiry), it only reclaims memory afterwards.
/// </summary>
internal static class RedisTtl
{
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    public static TimeSpan Until(DateTimeOffset expiresAt, DateTimeOffset now, TimeSpan retention = default)
    {
        var ttl = expiresAt - now + retention;
        return ttl < Minimum ? Minimum : ttl;
    }
}
