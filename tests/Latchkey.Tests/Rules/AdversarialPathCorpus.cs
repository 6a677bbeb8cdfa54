using System.Text;
using Latchkey.Testing;

namespace Latchkey.Tests.Rules;

/// <summary>Loads tests/Latchkey.Tests/Rules/adversarial-paths.txt, the extensible canonicaliser corpus.</summary>
public static class AdversarialPathCorpus
{
    public const string OkPrefix = "OK:";

    public static IReadOnlyList<(string Target, string Expected)> Cases { get; } = Load();

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, expected) in Cases)
        {
            data.Add(target, expected);
        }

        return data;
    }

    public static TheoryData<string, string> Accepted()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, expected) in Cases.Where(c => c.Expected.StartsWith(OkPrefix, StringComparison.Ordinal)))
        {
            data.Add(target, expected[OkPrefix.Length..]);
        }

        return data;
    }

    private static List<(string, string)> Load()
    {
        var path = Path.Combine(RepositoryRoot.Path, "tests", "Latchkey.Tests", "Rules", "adversarial-paths.txt");
        var cases = new List<(string, string)>();
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.LastIndexOf('\t');
            cases.Add((CorpusEscapes.Unescape(line[..tab]), line[(tab + 1)..]));
        }

        return cases;
    }
}
