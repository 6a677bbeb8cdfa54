using System.Buffers;
using System.Globalization;
using System.Text;

namespace Latchkey.Rules;

/// <summary>
/// Judges the non-ASCII characters of a decoded path: refuses the ones an upstream could read as
/// different (often ASCII) text — controls, invisible formatting, Unicode whitespace, unassigned
/// and private-use code points, and lookalikes that fold, normalise or merely look like ASCII.
/// </summary>
internal static class DecodedCharacterPolicy
{
    /// <summary>Checks every character of <paramref name="decoded"/> at or above U+0080.</summary>
    public static PathRejection Check(ReadOnlySpan<char> decoded)
    {
        var previousIsAscii = true;
        var index = 0;
        while (index < decoded.Length)
        {
            if (Rune.DecodeFromUtf16(decoded[index..], out var rune, out var consumed) != OperationStatus.Done)
            {
                return PathRejection.InvalidUtf8;
            }

            index += consumed;
            if (rune.IsAscii)
            {
                previousIsAscii = true;
                continue;
            }

            var rejection = Classify(rune, previousIsAscii);
            if (rejection != PathRejection.None)
            {
                return rejection;
            }

            previousIsAscii = false;
        }

        return PathRejection.None;
    }

    private static PathRejection Classify(Rune rune, bool previousIsAscii)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.Control or UnicodeCategory.Format:
                return PathRejection.ControlCharacter;
            case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                return PathRejection.Whitespace;
            case UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate:
                return PathRejection.DisallowedCharacter;
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                when previousIsAscii:
                // A mark on an ASCII base ("..\u0338", "settings\u0301") composes or is stripped
                // differently by each normaliser, so the segment has no single reading.
                return PathRejection.ConfusableCharacter;
            default:
                return IsLookalike(rune) || FoldsToAscii(rune) ? PathRejection.ConfusableCharacter : PathRejection.None;
        }
    }

    /// <summary>
    /// True when a case mapping yields ASCII (Kelvin sign, long s, dotted and dotless I). Compatibility
    /// normalisation (NFKC) cannot be asked of the runtime here (invariant globalisation), so the
    /// blocks whose compatibility forms are ASCII are listed in <see cref="IsLookalike"/> instead.
    /// </summary>
    private static bool FoldsToAscii(Rune rune) =>
        Rune.ToUpperInvariant(rune).IsAscii || Rune.ToLowerInvariant(rune).IsAscii;

    /// <summary>
    /// Characters whose NFKC form is ASCII or a path delimiter (fullwidth and small forms, ligatures,
    /// super/subscripts, letterlike and enclosed alphanumerics, mathematical letters, dot leaders), and
    /// slash, backslash, dot, colon, percent and hyphen lookalikes that no normaliser maps but a human
    /// or a lenient parser would read as ASCII. Homoglyphs from living scripts (Cyrillic 'а') stay
    /// allowed: every normaliser keeps them distinct, so they cannot reach a rule written in ASCII.
    /// </summary>
    private static bool IsLookalike(Rune rune) => rune.Value switch
    {
        >= 0xFF01 and <= 0xFF65 => true, // fullwidth ASCII, fullwidth brackets, halfwidth CJK punctuation
        >= 0xFE10 and <= 0xFE19 or >= 0xFE30 and <= 0xFE6B => true, // vertical and small form variants
        >= 0xFB00 and <= 0xFB06 => true, // Latin ligatures (ﬁ, ﬂ, ﬆ)
        0x00A8 or 0x00AA or 0x00AF or 0x00B2 or 0x00B3 or 0x00B4 or 0x00B8 or 0x00B9 or 0x00BA => true, // spacing diacritics, ordinals, superscripts
        >= 0x00BC and <= 0x00BE => true, // vulgar fractions
        >= 0x02B0 and <= 0x02FF => true, // modifier letters (ʰ, ː)
        >= 0x1D2C and <= 0x1D6A or >= 0x1D9B and <= 0x1DBF => true, // phonetic modifier letters
        >= 0x2010 and <= 0x2015 or 0x2212 => true, // hyphens, dashes, minus sign
        >= 0x2024 and <= 0x2027 => true, // one/two dot leaders, ellipsis, hyphenation point
        0x2044 or 0x2215 or 0x2571 or 0x27CB or 0x29F8 or 0x1735 => true, // fraction / division slash, diagonals, big solidus
        0x2216 or 0x2572 or 0x27CD or 0x29F5 or 0x29F9 => true, // set minus, reverse diagonals, reverse solidus operators
        0x00B7 or 0x0387 or 0x2219 or 0x22C5 or 0x2E31 or 0x30FB => true, // middle dots and dot operators
        0x0589 or 0x06D4 or 0x0701 or 0x0702 or 0x3002 or 0xA60E or 0x2E3C => true, // full stops of other scripts
        0x037E or 0x05C3 or 0x2236 or 0xA789 or 0x1361 => true, // Greek question mark (NFC ';'), colon lookalikes
        0x066A or 0x2030 or 0x2031 => true, // Arabic percent, per mille, per ten thousand
        >= 0x2070 and <= 0x209F => true, // superscripts and subscripts
        >= 0x2100 and <= 0x218F => true, // letterlike symbols (℀, K, Å, ™) and number forms (⅓, Ⅸ)
        >= 0x2460 and <= 0x24FF => true, // enclosed alphanumerics (①, ⑴, ⒈, Ⓐ)
        >= 0x3200 and <= 0x33FF => true, // enclosed CJK letters and CJK compatibility (㎏, ㏂)
        >= 0x1D400 and <= 0x1D7FF => true, // mathematical alphanumeric symbols
        >= 0x1F100 and <= 0x1F1AD => true, // enclosed alphanumeric supplement
        >= 0x1FBF0 and <= 0x1FBF9 => true, // segmented digits
        0x0130 or 0x0131 or 0x017F => true, // dotted capital I, dotless i, long s
        _ => false,
    };
}
