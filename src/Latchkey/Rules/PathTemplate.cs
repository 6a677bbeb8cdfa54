using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Latchkey.Rules;

/// <summary>
/// A rule's path, parsed with ASP.NET's route template grammar (plus <c>literal.{ext?}</c>) and
/// compiled to a matcher over canonical upstream paths that allocates nothing per request.
/// </summary>
internal sealed partial class PathTemplate
{
    private readonly TemplateSegment[] _segments;

    private PathTemplate(TemplateSegment[] segments) => _segments = segments;

    public IReadOnlyList<TemplateSegment> Segments => _segments;

    /// <summary>Null when the template is usable; otherwise why not, phrased for a config author.</summary>
    public static string? Validate(string template) => TryParse(template, out _, out var error) ? null : error;

    public static PathTemplate Parse(string template) =>
        TryParse(template, out var parsed, out var error) ? parsed! : throw new RuleCompilationException(error!);

    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var remaining = path.AsSpan();
        if (remaining.StartsWith('/'))
        {
            remaining = remaining[1..];
        }

        // A single trailing slash matches like its absence (ASP.NET routing does the same).
        if (remaining.EndsWith('/'))
        {
            remaining = remaining[..^1];
        }

        var hasMore = !remaining.IsEmpty;
        foreach (var segment in _segments)
        {
            if (segment is TemplateSegment.CatchAll)
            {
                return true;
            }

            if (!hasMore)
            {
                // Optional parameters are only allowed as the last segment (checked at parse).
                return segment is TemplateSegment.Parameter { IsOptional: true };
            }

            var slash = remaining.IndexOf('/');
            var current = slash < 0 ? remaining : remaining[..slash];
            remaining = slash < 0 ? [] : remaining[(slash + 1)..];
            hasMore = slash >= 0;
            if (!MatchesSegment(segment, current))
            {
                return false;
            }
        }

        return !hasMore;
    }

    /// <summary>Whether one non-empty path segment matches one template segment (a catch-all never does here).</summary>
    public static bool MatchesSegment(TemplateSegment segment, ReadOnlySpan<char> current) => segment switch
    {
        TemplateSegment.Literal literal => current.Equals(literal.Text, StringComparison.OrdinalIgnoreCase),
        TemplateSegment.LiteralWithExtension literal => MatchesWithExtension(current, literal.Text),
        TemplateSegment.Parameter => !current.IsEmpty,
        TemplateSegment.Complex complex => MatchesComplex(current, complex.Parts),
        _ => false,
    };

    private static bool MatchesWithExtension(ReadOnlySpan<char> segment, string literal) =>
        segment.Equals(literal, StringComparison.OrdinalIgnoreCase)
        || (segment.Length > literal.Length + 1
            && segment[literal.Length] == '.'
            && segment[..literal.Length].Equals(literal, StringComparison.OrdinalIgnoreCase));

    /// <summary>Right-to-left, each literal at its last possible place; each parameter non-empty (ASP.NET's rule).</summary>
    private static bool MatchesComplex(ReadOnlySpan<char> segment, IReadOnlyList<ComplexPart> parts)
    {
        var end = segment.Length;
        var pendingParameterEnd = -1;
        for (var k = parts.Count - 1; k >= 0; k--)
        {
            var part = parts[k];
            if (part.IsParameter)
            {
                pendingParameterEnd = end;
                continue;
            }

            var literal = part.Text!;
            if (pendingParameterEnd < 0)
            {
                if (end < literal.Length || !segment.Slice(end - literal.Length, literal.Length).Equals(literal, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                end -= literal.Length;
                continue;
            }

            if (pendingParameterEnd < 1)
            {
                return false;
            }

            var index = segment[..(pendingParameterEnd - 1)].LastIndexOf(literal, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return false;
            }

            end = index;
            pendingParameterEnd = -1;
        }

        return pendingParameterEnd < 0 ? end == 0 : pendingParameterEnd > 0;
    }

    private static bool TryParse(string template, out PathTemplate? parsed, out string? error)
    {
        parsed = null;
        if (string.IsNullOrEmpty(template) || template[0] != '/')
        {
            error = "must start with '/'";
            return false;
        }

        var extensions = StripOptionalExtensions(template, out var routeTemplate);
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(routeTemplate);
        }
        catch (RoutePatternException ex)
        {
            error = "is not a valid route template: " + ex.Message;
            return false;
        }

        var segments = new List<TemplateSegment>();
        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            var isLast = i == pattern.PathSegments.Count - 1;
            var extended = extensions?.GetValueOrDefault(i);
            var segment = extended is null
                ? Compile(pattern.PathSegments[i], isLast, out error)
                : CompileWithExtension(pattern.PathSegments[i], extended, out error);
            if (segment is null)
            {
                return false;
            }

            segments.Add(segment);
        }

        parsed = new PathTemplate([.. segments]);
        error = null;
        return true;
    }

    private static TemplateSegment? Compile(RoutePatternPathSegment segment, bool isLast, out string? error)
    {
        foreach (var parameter in segment.Parts.OfType<RoutePatternParameterPart>())
        {
            if (parameter.ParameterPolicies.Count > 0)
            {
                error = $"parameter '{{{parameter.Name}}}' has a constraint; constraints are not supported, use plain {{name}}";
                return null;
            }

            if (parameter.Default is not null)
            {
                error = $"parameter '{{{parameter.Name}}}' has a default value; defaults are not supported";
                return null;
            }

            if (parameter.IsOptional && (!isLast || !segment.IsSimple))
            {
                error = $"optional parameter '{{{parameter.Name}?}}' is only supported as the whole last segment, "
                    + "or after a literal as an optional extension ('settings.{ext?}')";
                return null;
            }
        }

        error = null;
        if (segment.IsSimple)
        {
            return segment.Parts[0] switch
            {
                RoutePatternLiteralPart literal => new TemplateSegment.Literal(literal.Content),
                RoutePatternParameterPart { IsCatchAll: true } => new TemplateSegment.CatchAll(),
                RoutePatternParameterPart parameter => new TemplateSegment.Parameter(parameter.IsOptional),
                _ => Unsupported(out error),
            };
        }

        var parts = new List<ComplexPart>();
        foreach (var part in segment.Parts)
        {
            switch (part)
            {
                case RoutePatternLiteralPart literal:
                    parts.Add(new ComplexPart(literal.Content));
                    break;
                case RoutePatternParameterPart { IsCatchAll: false }:
                    parts.Add(new ComplexPart(null));
                    break;
                default:
                    return Unsupported(out error);
            }
        }

        return new TemplateSegment.Complex(parts);
    }

    /// <summary>
    /// ASP.NET's grammar accepts <c>.{ext?}</c> only after a parameter (<c>{name}.{ext?}</c>); rules
    /// also accept it after a literal, so one rule can name <c>settings</c> with and without an
    /// extension. Each such segment is handed to the route parser as its bare literal, and its index
    /// (among the parsed segments) is returned with that literal.
    /// </summary>
    private static Dictionary<int, string>? StripOptionalExtensions(string template, out string routeTemplate)
    {
        routeTemplate = template;
        if (!template.Contains("?}", StringComparison.Ordinal))
        {
            return null;
        }

        var pieces = template.Split('/');
        Dictionary<int, string>? extensions = null;
        for (var i = 1; i < pieces.Length; i++)
        {
            var match = OptionalExtensionSegment().Match(pieces[i]);
            if (match.Success)
            {
                pieces[i] = match.Groups["literal"].Value;
                (extensions ??= [])[i - 1] = pieces[i];
            }
        }

        if (extensions is not null)
        {
            routeTemplate = string.Join('/', pieces);
        }

        return extensions;
    }

    private static TemplateSegment? CompileWithExtension(RoutePatternPathSegment segment, string literal, out string? error)
    {
        // The route parser saw the bare literal; anything else means the '/' split went astray.
        if (segment.IsSimple && segment.Parts[0] is RoutePatternLiteralPart part && part.Content == literal)
        {
            error = null;
            return new TemplateSegment.LiteralWithExtension(literal);
        }

        return Unsupported(out error);
    }

    [GeneratedRegex(@"^(?<literal>[^{}]+)\.\{[A-Za-z_][A-Za-z0-9_]*\?\}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OptionalExtensionSegment();

    private static TemplateSegment? Unsupported(out string? error)
    {
        error = "uses a template feature that is not supported in rules";
        return null;
    }
}
