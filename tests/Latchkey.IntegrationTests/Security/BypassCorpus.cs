using System.Text;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.IntegrationTests.Security;

/// <summary>Loads bypass-corpus.tsv: one raw request per line and what must happen to it.</summary>
public static class BypassCorpus
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
                ? CorpusEscapes.Unescape(expect[ForwardPrefix.Length..])
                : expect == "deny" ? null : throw new InvalidDataException($"bypass-corpus.tsv line {lineNumber}: unknown expectation '{expect}'");
            var headers = columns[4].Length == 0 ? [] : CorpusEscapes.Unescape(columns[4]).Split('\n');
            variants.Add(new BypassVariant(lineNumber, columns[1], CorpusEscapes.Unescape(columns[2]), columns[3], headers, expectedPath));
        }

        return variants;
    }
}
