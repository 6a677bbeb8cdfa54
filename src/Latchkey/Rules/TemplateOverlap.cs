namespace Latchkey.Rules;

/// <summary>
/// Whether two rule templates can both match some canonical path: exact for literals, parameters,
/// catch-alls and optional extensions, conservative (assumes an overlap) for two complex segments.
/// Used by <c>latchkey rules lint</c>, never on the request path.
/// </summary>
internal static class TemplateOverlap
{
    public static bool CanOverlap(IReadOnlyList<TemplateSegment> left, IReadOnlyList<TemplateSegment> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Overlap(left, 0, right, 0);
    }

    private static bool Overlap(IReadOnlyList<TemplateSegment> a, int i, IReadOnlyList<TemplateSegment> b, int j)
    {
        // A catch-all (always last) takes whatever the other template still needs, even nothing.
        if ((i < a.Count && a[i] is TemplateSegment.CatchAll) || (j < b.Count && b[j] is TemplateSegment.CatchAll))
        {
            return true;
        }

        if (i == a.Count || j == b.Count)
        {
            return CanBeEmpty(a, i) && CanBeEmpty(b, j);
        }

        // An optional parameter (always last) may also be absent.
        if ((IsOptional(a[i]) && Overlap(a, i + 1, b, j)) || (IsOptional(b[j]) && Overlap(a, i, b, j + 1)))
        {
            return true;
        }

        return SegmentsOverlap(a[i], b[j]) && Overlap(a, i + 1, b, j + 1);
    }

    private static bool CanBeEmpty(IReadOnlyList<TemplateSegment> t, int k) =>
        k == t.Count || (k == t.Count - 1 && (IsOptional(t[k]) || t[k] is TemplateSegment.CatchAll));

    private static bool IsOptional(TemplateSegment segment) => segment is TemplateSegment.Parameter { IsOptional: true };

    private static bool SegmentsOverlap(TemplateSegment a, TemplateSegment b) => (a, b) switch
    {
        (TemplateSegment.Parameter, _) or (_, TemplateSegment.Parameter) => true,
        (TemplateSegment.Literal x, _) => PathTemplate.MatchesSegment(b, x.Text),
        (_, TemplateSegment.Literal y) => PathTemplate.MatchesSegment(a, y.Text),
        (TemplateSegment.LiteralWithExtension x, TemplateSegment.LiteralWithExtension y) =>
            PathTemplate.MatchesSegment(a, y.Text) || PathTemplate.MatchesSegment(b, x.Text),
        _ => true,
    };
}
