namespace Latchkey.Sessions;

/// <summary>
/// Finds and removes one parameter in a raw query string ("" or starting with '?') without
/// touching any other byte: the query is forwarded as received (see <c>RawQueryUri</c>).
/// Parameters are split on '&amp;'; the name is compared as written, undecoded.
/// </summary>
internal static class QueryParameter
{
    /// <summary>How many parameters are named <paramref name="name"/>, and the range of the first one.</summary>
    public static int Find(string rawQuery, string name, out Range first)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        first = default;
        var count = 0;
        if (rawQuery.Length <= 1)
        {
            return 0;
        }

        var start = 1;
        while (start <= rawQuery.Length)
        {
            var end = rawQuery.IndexOf('&', start);
            if (end < 0)
            {
                end = rawQuery.Length;
            }

            var parameter = rawQuery.AsSpan(start, end - start);
            var equals = parameter.IndexOf('=');
            var parameterName = equals < 0 ? parameter : parameter[..equals];
            if (parameterName.SequenceEqual(name) && count++ == 0)
            {
                first = new Range(start, end);
            }

            start = end + 1;
        }

        return count;
    }

    /// <summary>The decoded value of the parameter at <paramref name="range"/>.</summary>
    public static string ValueAt(string rawQuery, Range range)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        var parameter = rawQuery[range];
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? string.Empty : Uri.UnescapeDataString(parameter[(equals + 1)..]);
    }

    /// <summary>The query without the parameter at <paramref name="range"/> and one of its separators.</summary>
    public static string Remove(string rawQuery, Range range)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        var (start, length) = range.GetOffsetAndLength(rawQuery.Length);
        var end = start + length;
        var remaining = end < rawQuery.Length
            ? string.Concat(rawQuery.AsSpan(0, start), rawQuery.AsSpan(end + 1))
            : rawQuery[..Math.Max(start - 1, 0)];
        return remaining.Length <= 1 ? string.Empty : remaining;
    }
}
