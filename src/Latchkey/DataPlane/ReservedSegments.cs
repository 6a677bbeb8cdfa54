namespace Latchkey.DataPlane;

/// <summary>First path segments that belong to Latchkey itself and can never name a provider.</summary>
public static class ReservedSegments
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "v1", "oauth", "healthz", "readyz", "metrics", "mcp",
    };
}
