using System.Buffers;

namespace Latchkey.DataPlane;

/// <summary>One label of a host name (RFC 1123 §2.1): 1-63 of a-z, 0-9 and '-', not starting or ending with '-'; any case.</summary>
internal static class DnsLabel
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    public static bool IsValid(ReadOnlySpan<char> label) =>
        label.Length is > 0 and <= 63
        && label[0] != '-'
        && label[^1] != '-'
        && !label.ContainsAnyExcept(Allowed);

    public static bool IsValid(string label) => IsValid(label.AsSpan());
}
