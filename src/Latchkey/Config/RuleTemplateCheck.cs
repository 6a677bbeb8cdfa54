using Microsoft.AspNetCore.Routing.Patterns;

namespace Latchkey.Config;

/// <summary>
/// Checks a rule's path is a plain ASP.NET route template. Constraints, defaults and parameter
/// policies are refused: they make a rule match differently from how it reads in review.
/// </summary>
internal static class RuleTemplateCheck
{
    /// <summary>Returns why <paramref name="path"/> is not usable as a rule template, or null when it is.</summary>
    public static string? Problem(string path)
    {
        if (!path.StartsWith('/'))
        {
            return "must start with '/'";
        }

        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(path);
        }
        catch (RoutePatternException ex)
        {
            return "is not a valid route template: " + ex.Message;
        }

        foreach (var parameter in pattern.Parameters)
        {
            if (parameter.ParameterPolicies.Count > 0)
            {
                return $"parameter '{parameter.Name}' has an inline constraint or policy; use plain {{{parameter.Name}}} or {{**{parameter.Name}}}";
            }

            if (parameter.Default is not null)
            {
                return $"parameter '{parameter.Name}' has a default value; defaults are not allowed in rules";
            }
        }

        return null;
    }
}
