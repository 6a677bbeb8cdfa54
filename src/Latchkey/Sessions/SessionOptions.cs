namespace Latchkey.Sessions;

/// <summary>Session lifetimes, bound from <c>Latchkey:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Latchkey:Sessions";

    /// <summary>Longest lifetime a caller may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Lifetime when the caller asks for none; unset means one hour, or MaxTtl if shorter.</summary>
    public TimeSpan? DefaultTtl { get; set; }

    /// <summary>The lifetime actually given to a session created without <c>ttl_seconds</c>.</summary>
    public TimeSpan EffectiveDefaultTtl => DefaultTtl ?? (MaxTtl < TimeSpan.FromHours(1) ? MaxTtl : TimeSpan.FromHours(1));
}
