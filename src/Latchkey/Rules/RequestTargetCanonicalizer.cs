using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Latchkey.Rules;

/// <summary>
/// Turns the raw request target (Kestrel's <c>RawTarget</c>) into the one path the rules match
/// and the upstream receives, refusing every target a parser could read two ways.
/// </summary>
/// <remarks>
/// The forwarder sends <c>new PathString(Path).ToUriComponent()</c>, which percent-encodes only
/// what a path cannot hold raw. Decoding here is therefore safe only for bytes whose decoded form
/// cannot change the path's structure: '/', '\', '.', '%', ';', '?' and '#' stay refused when
/// encoded, so the forwarded bytes always decode to exactly <see cref="CanonicalTarget.Path"/>.
/// Pure and thread-safe.
/// </remarks>
public static class RequestTargetCanonicalizer
{
    public const int MaxTargetLength = 8 * 1024;
    private const int StackBufferSize = 512;
    private const int MaxOverrideNameLength = 128;

    // Compared after the name's separators ('-', '_', '.', '[', ' ') are all read as '_': PHP turns
    // '.', ' ' and '[' into '_' (".method" arrives as "_method") and frameworks mix '-' and '_'.
    private static readonly string[] MethodOverrideParameters =
    [
        "x_http_method_override", "x_http_method", "x_method_override",
    ];

    // Refused only after at least one leading separator: a bare "method" is an ordinary parameter
    // name (payment method, RPC method), "_method" and its spellings are the override.
    private static readonly string[] PrefixedMethodOverrideParameters = ["method", "httpmethod"];

    public static CanonicalTarget Canonicalize(string rawTarget) => Canonicalize(rawTarget, null, null);

    /// <summary>
    /// Canonicalises <paramref name="rawTarget"/>, reusing <paramref name="pathHint"/> and
    /// <paramref name="queryHint"/> (strings the host already holds, such as Kestrel's decoded path
    /// and raw query) when they equal the canonical path and the raw query, so a common request
    /// allocates nothing. The hints are only compared, never trusted.
    /// </summary>
    public static CanonicalTarget Canonicalize(string rawTarget, string? pathHint, string? queryHint)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        if (rawTarget.Length == 0 || rawTarget[0] != '/' || (rawTarget.Length > 1 && rawTarget[1] == '/'))
        {
            // Absolute-form, authority-form and asterisk-form targets, and "//host" tricks.
            return rawTarget.StartsWith("//", StringComparison.Ordinal)
                ? CanonicalTarget.Refused(PathRejection.EmptySegment)
                : CanonicalTarget.Refused(PathRejection.NotOriginForm);
        }

        if (rawTarget.Length > MaxTargetLength)
        {
            return CanonicalTarget.Refused(PathRejection.TooLong);
        }

        if (rawTarget.Contains('#', StringComparison.Ordinal))
        {
            return CanonicalTarget.Refused(PathRejection.Fragment);
        }

        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, queryStart);
        var query = queryStart < 0 ? string.Empty
            : queryHint is not null && rawTarget.AsSpan(queryStart).SequenceEqual(queryHint) ? queryHint
            : rawTarget[queryStart..];

        var pathResult = CanonicalizePath(rawPath, rawTarget, queryStart, pathHint);
        if (!pathResult.IsSuccess)
        {
            return pathResult;
        }

        var queryRejection = CheckQuery(query);
        return queryRejection == PathRejection.None
            ? pathResult with { Query = query }
            : CanonicalTarget.Refused(queryRejection);
    }

    /// <summary>Splits a canonical path into its provider (first segment) and upstream path.</summary>
    public static bool TrySplitProvider(string canonicalPath, out string provider, out string upstreamPath)
    {
        ArgumentNullException.ThrowIfNull(canonicalPath);
        if (canonicalPath.Length < 2 || canonicalPath[0] != '/')
        {
            provider = string.Empty;
            upstreamPath = "/";
            return false;
        }

        var end = canonicalPath.IndexOf('/', 1);
        provider = end < 0 ? canonicalPath[1..] : canonicalPath[1..end];
        upstreamPath = end < 0 ? "/" : canonicalPath[end..];
        return provider.Length > 0;
    }

    private static CanonicalTarget CanonicalizePath(ReadOnlySpan<char> rawPath, string rawTarget, int queryStart, string? pathHint)
    {
        var needsDecoding = false;
        for (var i = 0; i < rawPath.Length; i++)
        {
            var c = rawPath[i];
            if (c == '%')
            {
                needsDecoding = true;
                continue;
            }

            var rejection = ClassifyRawPathChar(c);
            if (rejection != PathRejection.None)
            {
                return CanonicalTarget.Refused(rejection);
            }
        }

        string path;
        if (!needsDecoding)
        {
            path = queryStart < 0 ? rawTarget : Reuse(rawPath, pathHint);
        }
        else
        {
            var decoded = Decode(rawPath, pathHint, out var rejection);
            if (decoded is null)
            {
                return CanonicalTarget.Refused(rejection);
            }

            path = decoded;
        }

        var segmentRejection = CheckSegments(path);
        return segmentRejection == PathRejection.None
            ? new CanonicalTarget(path, string.Empty, PathRejection.None)
            : CanonicalTarget.Refused(segmentRejection);
    }

    private static PathRejection ClassifyRawPathChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return PathRejection.None;
        }

        return c switch
        {
            '-' or '.' or '_' or '~' => PathRejection.None,
            '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '=' => PathRejection.None,
            ':' or '@' or '/' => PathRejection.None,
            ';' => PathRejection.PathParameter,
            '\\' => PathRejection.Backslash,
            ' ' or '\t' => PathRejection.Whitespace,
            < ' ' or '\x7f' => PathRejection.ControlCharacter,
            > '\x7f' => PathRejection.NonAsciiByte,
            _ => PathRejection.DisallowedCharacter,
        };
    }

    private static string Reuse(ReadOnlySpan<char> path, string? hint) =>
        hint is not null && path.SequenceEqual(hint) ? hint : path.ToString();

    private static string? Decode(ReadOnlySpan<char> rawPath, string? pathHint, out PathRejection rejection)
    {
        byte[]? rented = null;
        var buffer = rawPath.Length <= StackBufferSize
            ? stackalloc byte[StackBufferSize]
            : (rented = ArrayPool<byte>.Shared.Rent(rawPath.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < rawPath.Length; i++)
            {
                var c = rawPath[i];
                if (c != '%')
                {
                    buffer[length++] = (byte)c;
                    continue;
                }

                if (!TryReadEscape(rawPath, i, out var value))
                {
                    rejection = PathRejection.MalformedEscape;
                    return null;
                }

                rejection = ClassifyDecodedPathByte(value);
                if (rejection != PathRejection.None)
                {
                    return null;
                }

                buffer[length++] = value;
                i += 2;
            }

            var bytes = buffer[..length];
            if (!Utf8.IsValid(bytes))
            {
                rejection = PathRejection.InvalidUtf8;
                return null;
            }

            // UTF-16 never needs more code units than UTF-8 has bytes, so the byte buffer's size bounds it.
            char[]? rentedChars = null;
            var chars = length <= StackBufferSize
                ? stackalloc char[StackBufferSize]
                : (rentedChars = ArrayPool<char>.Shared.Rent(length));
            try
            {
                var decoded = chars[..Encoding.UTF8.GetChars(bytes, chars)];
                rejection = DecodedCharacterPolicy.Check(decoded);
                return rejection == PathRejection.None ? Reuse(decoded, pathHint) : null;
            }
            finally
            {
                if (rentedChars is not null)
                {
                    ArrayPool<char>.Shared.Return(rentedChars);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static PathRejection ClassifyDecodedPathByte(byte value) => value switch
    {
        (byte)'/' => PathRejection.EncodedSlash,
        (byte)'\\' => PathRejection.EncodedBackslash,
        (byte)'.' => PathRejection.EncodedDot,
        (byte)'%' => PathRejection.EncodedPercent,
        (byte)';' or (byte)'?' or (byte)'#' => PathRejection.EncodedDelimiter,
        (byte)' ' => PathRejection.Whitespace,
        < 0x20 or 0x7f => PathRejection.ControlCharacter,
        _ => PathRejection.None,
    };

    private static PathRejection CheckSegments(string path)
    {
        var start = 1;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            var isLast = end < 0;
            var segment = path.AsSpan(start, (isLast ? path.Length : end) - start);
            if (segment.IsEmpty && !isLast)
            {
                return PathRejection.EmptySegment;
            }

            // "." and ".." are dot segments; longer all-dot segments too, because Windows-style
            // servers trim trailing dots and would read "..." as "..".
            if (!segment.IsEmpty && !segment.ContainsAnyExcept('.'))
            {
                return PathRejection.DotSegment;
            }

            // The same servers read "settings." as "settings": a rule could not tell them apart.
            if (segment.EndsWith('.'))
            {
                return PathRejection.TrailingDot;
            }

            if (isLast)
            {
                break;
            }

            start = end + 1;
        }

        return PathRejection.None;
    }

    private static PathRejection CheckQuery(string query)
    {
        if (query.Length <= 1)
        {
            return PathRejection.None;
        }

        byte[]? rented = null;
        var buffer = query.Length <= StackBufferSize
            ? stackalloc byte[StackBufferSize]
            : (rented = ArrayPool<byte>.Shared.Rent(query.Length));
        try
        {
            var length = 0;
            for (var i = 1; i < query.Length; i++)
            {
                var c = query[i];
                if (c == '%')
                {
                    if (!TryReadEscape(query, i, out var value))
                    {
                        return PathRejection.MalformedEscape;
                    }

                    if (value is < 0x20 or 0x7f)
                    {
                        return PathRejection.ControlCharacter;
                    }

                    buffer[length++] = value;
                    i += 2;
                    continue;
                }

                if (c is < ' ' or '\x7f')
                {
                    return PathRejection.ControlCharacter;
                }

                if (c == ' ')
                {
                    return PathRejection.Whitespace;
                }

                if (c > '\x7f')
                {
                    return PathRejection.NonAsciiByte;
                }

                buffer[length++] = (byte)c;
            }

            if (!Utf8.IsValid(buffer[..length]))
            {
                return PathRejection.InvalidUtf8;
            }

            if (IsDoubleEncoded(buffer[..length]))
            {
                return PathRejection.EncodedPercent;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return HasMethodOverride(query) ? PathRejection.MethodOverrideParameter : PathRejection.None;
    }

    /// <summary>
    /// A decoded '%' (it can only come from "%25") followed by two hex digits, however those were
    /// spelled ("%252F", "%25%32%46"): a second decoding would yield a different query.
    /// </summary>
    private static bool IsDoubleEncoded(ReadOnlySpan<byte> decoded)
    {
        for (var i = decoded.IndexOf((byte)'%'); i >= 0 && i + 2 < decoded.Length; i++)
        {
            if (decoded[i] == '%' && char.IsAsciiHexDigit((char)decoded[i + 1]) && char.IsAsciiHexDigit((char)decoded[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasMethodOverride(string query)
    {
        var parameters = query.AsSpan(1);
        foreach (var range in parameters.SplitAny("&;"))
        {
            var pair = parameters[range];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (IsMethodOverrideParameter(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a still-encoded query parameter or urlencoded form field name is a method override in any spelling.</summary>
    internal static bool IsMethodOverrideParameter(ReadOnlySpan<char> encodedName)
    {
        if (encodedName.IsEmpty)
        {
            return false;
        }

        if (encodedName.Length <= MaxOverrideNameLength)
        {
            Span<byte> smallBytes = stackalloc byte[MaxOverrideNameLength];
            Span<char> smallChars = stackalloc char[MaxOverrideNameLength];
            return IsMethodOverrideName(encodedName, smallBytes, smallChars);
        }

        // Rare, and never skipped: 122 '+' then _method decode to spaces that parsers trim away.
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(encodedName.Length);
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(encodedName.Length);
        try
        {
            return IsMethodOverrideName(encodedName, bytes, chars);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// True when a decoded form field name is a method override: a NUL ends the name (PHP reads
    /// names as C strings: <c>_method%00</c> is <c>_method</c> there), any other control character
    /// makes it one no two parsers read alike (refused as if it were), and surrounding spaces go.
    /// </summary>
    internal static bool IsOverrideFieldName(Span<char> decoded)
    {
        var nul = decoded.IndexOf('\0');
        if (nul >= 0)
        {
            decoded = decoded[..nul];
        }

        var trimmed = decoded.Trim();
        foreach (var c in trimmed)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return IsOverrideSpelling(trimmed);
    }

    /// <summary>Decodes a parameter name as form decoding would ('+' as space, %XX as UTF-8) into the buffers given, and judges it.</summary>
    private static bool IsMethodOverrideName(ReadOnlySpan<char> name, Span<byte> bytes, Span<char> chars)
    {
        var length = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '%' && TryReadEscape(name, i, out var value))
            {
                bytes[length++] = value;
                i += 2;
            }
            else
            {
                bytes[length++] = name[i] == '+' ? (byte)' ' : (byte)name[i];
            }
        }

        return IsOverrideFieldName(chars[..Encoding.UTF8.GetChars(bytes[..length], chars)]);
    }

    /// <summary>
    /// True when a decoded parameter or form field name is a method-override spelling: separators
    /// read alike, case ignored, and <c>method</c>/<c>httpmethod</c> only after a leading separator.
    /// </summary>
    internal static bool IsOverrideSpelling(Span<char> name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is '-' or '.' or '[' or ' ')
            {
                name[i] = '_';
            }
        }

        foreach (var forbidden in MethodOverrideParameters)
        {
            if (name.TrimStart('_').Equals(forbidden, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        var unprefixed = name.TrimStart('_');
        if (unprefixed.Length == name.Length)
        {
            return false;
        }

        foreach (var forbidden in PrefixedMethodOverrideParameters)
        {
            if (unprefixed.Equals(forbidden, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReadEscape(ReadOnlySpan<char> text, int percentIndex, out byte value)
    {
        value = 0;
        if (percentIndex + 2 >= text.Length)
        {
            return false;
        }

        var high = HexValue(text[percentIndex + 1]);
        var low = HexValue(text[percentIndex + 2]);
        if (high < 0 || low < 0)
        {
            return false;
        }

        value = (byte)((high << 4) | low);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
