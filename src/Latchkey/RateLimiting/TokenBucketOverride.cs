namespace Latchkey.RateLimiting;

/// <summary>One provider's limits; a field left unset keeps <see cref="RateLimitOptions.Default"/>'s value.</summary>
public sealed class TokenBucketOverride
{
    public int? PermitsPerSecond { get; set; }

    public int? Burst { get; set; }
}
