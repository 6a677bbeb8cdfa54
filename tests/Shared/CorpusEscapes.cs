using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Latchkey.Testing;

/// <summary>
/// The escapes of the test corpora (adversarial-paths.txt, bypass-corpus.tsv): \*N(text) repeats
/// text N times, then \\ \t \n and \xNN (any byte); the result holds one char per byte (Latin-1).
/// </summary>
public static partial class CorpusEscapes
{
    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expanded = RepeatPattern().Replace(text, m =>
            string.Concat(Enumerable.Repeat(m.Groups[2].Value, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))));
        var result = new StringBuilder(expanded.Length);
        for (var i = 0; i < expanded.Length; i++)
        {
            if (expanded[i] != '\\' || i + 1 >= expanded.Length)
            {
                result.Append(expanded[i]);
                continue;
            }

            var next = expanded[++i];
            switch (next)
            {
                case 't':
                    result.Append('\t');
                    break;
                case 'n':
                    result.Append('\n');
                    break;
                case 'x':
                    result.Append((char)int.Parse(expanded.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default:
                    result.Append(next);
                    break;
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"\\\*(\d+)\(([^)]*)\)")]
    private static partial Regex RepeatPattern();
}
