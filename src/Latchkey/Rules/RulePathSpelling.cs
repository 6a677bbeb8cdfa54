using System.Globalization;
using System.Text;

namespace Latchkey.Rules;

/// <summary>
/// Finds rule paths that cannot match what they spell: ones whose every path the canonicaliser
/// refuses (spaces, bidi controls, lookalikes, a trailing '.'), and ones holding non-ASCII text,
/// which matches only that very character, never the ASCII it may look like.
/// </summary>
internal static class RulePathSpelling
{
    /// <summary>What stands in for a parameter in the sample path: plain ASCII no check refuses.</summary>
    private const string ParameterSample = "x";

    /// <summary>Null when the template is spelled as the canonicaliser spells paths; else why not.</summary>
    public static string? Check(PathTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);

        // Ask the canonicaliser itself, with the template's literals sent as a client would send
        // them (UTF-8, percent-encoded), rather than repeating its tables here.
        var target = RequestTargetCanonicalizer.Canonicalize(SampleTarget(template));
        if (!target.IsSuccess)
        {
            return $"can never match: the proxy refuses every path this template describes as ambiguous ({target.Message})";
        }

        foreach (var text in LiteralTexts(template))
        {
            foreach (var rune in text.EnumerateRunes())
            {
                if (!rune.IsAscii)
                {
                    return $"contains the non-ASCII character U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)}: "
                        + "it matches only paths spelled with that very character, never ASCII text it may look like "
                        + "(Cyrillic 'а' is not 'a'); keep it only if the upstream's path really holds it";
                }
            }
        }

        return null;
    }

    private static string SampleTarget(PathTemplate template)
    {
        var target = new StringBuilder();
        foreach (var segment in template.Segments)
        {
            var sample = segment switch
            {
                TemplateSegment.Literal literal => literal.Text,
                TemplateSegment.LiteralWithExtension literal => literal.Text,
                TemplateSegment.Complex complex => string.Concat(complex.Parts.Select(p => p.Text ?? ParameterSample)),
                TemplateSegment.Parameter => ParameterSample,
                _ => null,
            };
            if (sample is not null)
            {
                target.Append('/').Append(Uri.EscapeDataString(sample));
            }
        }

        return target.Length == 0 ? "/" : target.ToString();
    }

    private static IEnumerable<string> LiteralTexts(PathTemplate template) =>
        template.Segments.SelectMany(segment => segment switch
        {
            TemplateSegment.Literal literal => [literal.Text],
            TemplateSegment.LiteralWithExtension literal => [literal.Text],
            TemplateSegment.Complex complex => complex.Parts.Where(p => !p.IsParameter).Select(p => p.Text!),
            _ => [],
        });
}
