namespace Latchkey.Stores.Caching;

/// <summary>
/// <c>Latchkey:Cache</c>: how long an instance may serve sessions and decrypted user tokens from
/// memory. Revocations and token changes are pushed to every instance at once; these lifetimes
/// only bound what a lost invalidation could cost.
/// </summary>
public sealed class StoreCacheOptions
{
    public const string SectionName = "Latchkey:Cache";

    /// <summary>Seconds a resolved session is served from memory (0 disables the session cache).</summary>
    public int SessionSeconds { get; set; } = 10;

    /// <summary>Seconds a decrypted user token is served from memory (0 disables the token cache).</summary>
    public int TokenSeconds { get; set; } = 30;

    /// <summary>Upper bound on entries per cache.</summary>
    public int MaxEntries { get; set; } = 200_000;
}
