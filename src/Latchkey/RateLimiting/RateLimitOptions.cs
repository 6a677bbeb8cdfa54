namespace Latchkey.RateLimiting;

/// <summary>
/// Per-session request limits (section <c>Latchkey:RateLimits</c>): a token bucket per session
/// and provider, with a default and optional per-provider overrides.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Latchkey:RateLimits";

    public TokenBucketSettings Default { get; set; } = new();

    /// <summary>Overrides by provider name, e.g. <c>Latchkey:RateLimits:Providers:mail:PermitsPerSecond</c>.</summary>
    public Dictionary<string, TokenBucketOverride> Providers { get; set; } = new(StringComparer.Ordinal);

    internal BucketLimits For(string provider) =>
        Providers.TryGetValue(provider, out var provided) ? Merge(provided) : new(Default.PermitsPerSecond, Default.Burst);

    internal BucketLimits Merge(TokenBucketOverride provided) =>
        new(provided.PermitsPerSecond ?? Default.PermitsPerSecond, provided.Burst ?? Default.Burst);
}
