using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Security;

/// <summary>Loads bypass-corpus.tsv: one raw request per line and what must happen to it.</summary>
public static partial class BypassCorpus
{
    public const string ForwardPrefix = "forward=";

    public static IReadOnlyList<BypassVariant> Load()
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Latchkey.IntegrationTests", "Security", "bypass-corpus.tsv");
        var variants = new List<BypassVariant>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 5)
            {
                throw new InvalidDataException($"bypass-corpus.tsv line {lineNumber}: expected 5 TAB-separated columns, found {columns.Length}");
            }

            var expect = columns[0];
            var expectedPath = expect.StartsWith(ForwardPrefix, StringComparison.Ordinal)
                ? Unescape(expect[ForwardPrefix.Length..])
                : expect == "deny" ? null : throw new InvalidDataException($"bypass-corpus.tsv line {lineNumber}: unknown expectation '{expect}'");
            var headers = columns[4].Length == 0 ? [] : Unescape(columns[4]).Split('\n');
            variants.Add(new BypassVariant(lineNumber, columns[1], Unescape(columns[2]), columns[3], headers, expectedPath));
        }

        return variants;
    }

    /// <summary>Expands \*N(text), then \\ \t \n and \xNN; the result holds one char per byte (Latin-1).</summary>
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
