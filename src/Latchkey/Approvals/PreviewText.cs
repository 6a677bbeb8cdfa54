using System.Globalization;
using System.Text;

namespace Latchkey.Approvals;

/// <summary>
/// Final touches on any text an approver reads: invisible and bidi-control characters are
/// spelled out (an RLO must not make <c>https://attacker.example</c> read as something else) and
/// long text is cut with a marker saying how much there was.
/// </summary>
internal static class PreviewText
{
    /// <summary>
    /// Format (Cf), control (other than tab and line breaks), line and paragraph separator,
    /// variation selector and lone surrogate characters become <c>\uXXXX</c>; one outside the BMP
    /// becomes both halves of its surrogate pair (<c>\uDB40\uDC41</c> for TAG LATIN CAPITAL A).
    /// </summary>
    public static string Visible(string text)
    {
        if (!text.Any(c => char.IsSurrogate(c) || NeedsEscape(new Rune(c))))
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length;)
        {
            // Judged by code point: TAG characters (U+E0000–E007F, "ASCII smuggling") and the
            // supplementary variation selectors are surrogate pairs, invisible to a per-char check.
            var valid = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) == System.Buffers.OperationStatus.Done;
            var units = text.AsSpan(i, length);
            if (!valid || NeedsEscape(rune))
            {
                foreach (var unit in units)
                {
                    shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}");
                }
            }
            else
            {
                shown.Append(units);
            }

            i += length;
        }

        return shown.ToString();
    }

    /// <summary>At most <paramref name="maxChars"/> characters, then a marker naming the body's real size.</summary>
    public static string Cut(string text, int maxChars, long totalBytes)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return string.Create(CultureInfo.InvariantCulture,
            $"{text.AsSpan(0, cut)}\n… ({totalBytes} bytes total, preview shows the first {cut} characters)");
    }

    private static bool NeedsEscape(Rune rune) =>
        (Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r'))
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || IsVariationSelector(rune.Value);

    // Invisible modifiers that can carry a byte each appended to any character.
    private static bool IsVariationSelector(int value) => value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
}
