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
    /// <summary>Format (Cf) and control characters other than tab and line breaks become <c>\uXXXX</c>.</summary>
    public static string Visible(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
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

    private static bool NeedsEscape(char c) =>
        (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
