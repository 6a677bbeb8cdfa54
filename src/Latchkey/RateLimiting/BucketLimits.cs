namespace Latchkey.RateLimiting;

/// <summary>The limits in force for one provider, the default and its override merged field by field.</summary>
internal readonly record struct BucketLimits(int PermitsPerSecond, int Burst)
{
    /// <summary><c>PermitsPerSecond = 0</c> switches limiting off for the provider.</summary>
    public bool IsOff => PermitsPerSecond == 0;
}
