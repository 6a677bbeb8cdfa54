
namespace Latchkey.Config;

/// <summary>
/// Which parts of a provider's JSON answer a tool hands the model: the list at <see cref="Items"/>
/// (dotted path; the root when null), at most <see cref="MaxItems"/> of its entries, and of each
/// only <see cref="Fields"/> (dotted paths; everything when empty).
/// </summary>
public sealed record ToolResponseProjection(string? Items, IReadOnlyList<string> Fields, int MaxItems)
{
    public const int DefaultMaxItems = 50;

    public static ToolResponseProjection Whole { get; } = new(null, [], DefaultMaxItems);
}
