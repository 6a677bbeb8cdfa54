using System.Text;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// One query parameter, decoded as <c>application/x-www-form-urlencoded</c> ('+' is a space,
/// percent-escapes are strict UTF-8). A parameter given twice is unreadable: upstreams differ on
/// whether the first or the last counts, so no condition may judge one of them. So is one given
/// in another letter case (<c>Channel</c> beside or instead of <c>channel</c>): an upstream that
/// reads names ignoring case would take the value no condition judged. So is one spelled with other
/// separators (<c>thread.ts</c>, <c>thread ts</c>, <c>thread[ts</c>, <c>thread-ts</c> for
/// <c>thread_ts</c>): PHP reads '.', ' ' and '[' in a name as '_', and frameworks mix '-' and '_'.
/// </summary>
internal sealed class QueryParameterSubject(string name) : ConditionSubject("query", name)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public override ConditionValue Read(in RequestFacts facts)
    {
        var query = facts.Query.AsSpan();
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        string? found = null;
        while (!query.IsEmpty)
        {
            var amp = query.IndexOf('&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? [] : query[(amp + 1)..];
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            if (!TryDecode(rawName, out var decodedName) || !TryDecode(rawValue, out var decodedValue))
            {
                return ConditionValue.Unreadable("a query parameter is not valid percent-encoded UTF-8");
            }

            if (decodedName != Name)
            {
                if (string.Equals(decodedName, Name, StringComparison.OrdinalIgnoreCase))
                {
                    return ConditionValue.Unreadable($"the query parameter '{Name}' is also given in another letter case");
                }

                if (IsSameFolded(decodedName, Name))
                {
                    return ConditionValue.Unreadable($"the query parameter '{Name}' is also given with other separators");
                }

                continue;
            }

            if (found is not null)
            {
                return ConditionValue.Unreadable($"the query parameter '{Name}' is given more than once");
            }

            found = decodedValue;
        }

        return found is null ? ConditionValue.Absent : ConditionValue.Of(found);
    }

    private static bool IsSameFolded(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (Folded(a[i]) != Folded(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char Folded(char c) => c is '-' or '.' or ' ' or '[' ? '_' : char.ToLowerInvariant(c);

    private static bool TryDecode(ReadOnlySpan<char> raw, out string decoded)
    {
        decoded = string.Empty;
        if (raw.IsEmpty)
        {
            return true;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    return false;
                }

                bytes.Add(Convert.ToByte(raw.Slice(i + 1, 2).ToString(), 16));
                i += 2;
            }
            else if (c > 0x7F)
            {
                return false;
            }
            else
            {
                bytes.Add(c == '+' ? (byte)' ' : (byte)c);
            }
        }

        try
        {
            decoded = StrictUtf8.GetString([.. bytes]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
