namespace Latchkey.RateLimiting;

/// <summary>One token bucket: a sustained rate and a burst. <c>PermitsPerSecond = 0</c> switches limiting off.</summary>
public sealed class TokenBucketSettings
{
    public int PermitsPerSecond { get; set; } = 100;

    public int Burst { get; set; } = 200;
}
