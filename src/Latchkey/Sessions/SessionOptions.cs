namespace Latchkey.Sessions;

/// <summary>Session lifetimes, bound from <c>Latchkey:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Latchkey:Sessions";

    /// <summary>Longest lifetime a caller may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Lifetime when the caller asks for none.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromHours(1);
}
