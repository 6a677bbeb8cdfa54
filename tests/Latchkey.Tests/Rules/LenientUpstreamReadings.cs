using System.Text;

namespace Latchkey.Tests.Rules;

/// <summary>
/// The readings a lenient upstream might give the bytes Latchkey forwards: decoded once or twice,
/// then with '\' as '/', ';' parameters dropped, empty segments collapsed, trailing dots and
/// spaces trimmed, dot segments resolved and everything lower-cased. A forwarded path is only
/// safe if every reading stays inside what the rules allowed.
/// </summary>
public static class LenientUpstreamReadings
{
    public static IEnumerable<string> Of(string forwardedPath)
    {
        ArgumentNullException.ThrowIfNull(forwardedPath);
        var once = Uri.UnescapeDataString(forwardedPath);
        yield return once;
        yield return Normalize(once);
        var twice = Uri.UnescapeDataString(once);
        yield return twice;
        yield return Normalize(twice);
    }

    private static string Normalize(string path)
    {
        var output = new List<string>();
        foreach (var raw in path.Replace('\\', '/').Split('/'))
        {
            var segment = raw;
            var semicolon = segment.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                segment = segment[..semicolon];
            }

            if (segment is not ("." or ".."))
            {
                segment = segment.TrimEnd('.', ' ');
            }

            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(segment.ToLowerInvariant());
        }

        var builder = new StringBuilder();
        foreach (var segment in output)
        {
            builder.Append('/').Append(segment);
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }
}
