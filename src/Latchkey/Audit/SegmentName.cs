using System.Globalization;

namespace Latchkey.Audit;

/// <summary>
/// The name of one buffer segment, <c>audit-&lt;utc yyyyMMddHHmmssfff&gt;-&lt;seq&gt;.clef</c>, ordered
/// by (timestamp, sequence): the order its events were written in.
/// </summary>
internal readonly record struct SegmentName(string Timestamp, long Sequence) : IComparable<SegmentName>
{
    public const string SearchPattern = "audit-*.clef";
    public const string TimestampFormat = "yyyyMMddHHmmssfff";
    private const string Prefix = "audit-";
    private const string Extension = ".clef";

    public string FileName => $"{Prefix}{Timestamp}-{Sequence.ToString("D6", CultureInfo.InvariantCulture)}{Extension}";

    public static SegmentName Create(DateTimeOffset utcNow, long sequence) =>
        new(utcNow.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture), sequence);

    public static bool TryParse(string? fileName, out SegmentName name)
    {
        name = default;
        if (fileName is null
            || !fileName.StartsWith(Prefix, StringComparison.Ordinal)
            || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var core = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Extension.Length);
        var dash = core.IndexOf('-');
        if (dash != TimestampFormat.Length
            || !IsDigits(core[..dash])
            || !IsDigits(core[(dash + 1)..])
            || !long.TryParse(core[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        name = new SegmentName(core[..dash].ToString(), sequence);
        return true;
    }

    public int CompareTo(SegmentName other)
    {
        var byTime = string.CompareOrdinal(Timestamp, other.Timestamp);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(SegmentName left, SegmentName right) => left.CompareTo(right) < 0;

    public static bool operator >(SegmentName left, SegmentName right) => left.CompareTo(right) > 0;

    public static bool operator <=(SegmentName left, SegmentName right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SegmentName left, SegmentName right) => left.CompareTo(right) >= 0;

    public override string ToString() => FileName;

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
