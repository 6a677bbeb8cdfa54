namespace Latchkey.DataPlane;

/// <summary>
/// How a request's Host addresses Latchkey: not under a provider host base (path addressing),
/// or as <c>{label}.{base}</c>, where <see cref="Provider"/> is the lower-cased label when it can
/// be a provider name at all and null when it cannot (a nested or malformed label).
/// </summary>
internal readonly record struct ProviderHostMatch(string? BaseDomain, string? Provider)
{
    public static ProviderHostMatch None => default;

    /// <summary>True when the Host is under a configured base: every path then belongs to the provider.</summary>
    public bool IsProviderHost => BaseDomain is not null;
}
