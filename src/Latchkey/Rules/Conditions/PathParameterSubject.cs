
namespace Latchkey.Rules.Conditions;

/// <summary>
/// A parameter of the rule's own path template that is a whole segment (<c>{owner}</c>,
/// <c>{name?}</c> or a catch-all <c>{*rest}</c>). Every other template segment matches exactly
/// one path segment, so the parameter's value is the canonical path's segment at its index.
/// </summary>
internal sealed class PathParameterSubject(string name, int segmentIndex, bool isCatchAll) : ConditionSubject("path", name)
{
    public override ConditionValue Read(in RequestFacts facts)
    {
        var path = facts.UpstreamPath.AsSpan();
        if (path.StartsWith('/'))
        {
            path = path[1..];
        }

        // As the template matcher does: one trailing slash matches like its absence.
        if (path.EndsWith('/'))
        {
            path = path[..^1];
        }

        for (var i = 0; i < segmentIndex; i++)
        {
            var slash = path.IndexOf('/');
            if (slash < 0)
            {
                return ConditionValue.Absent;
            }

            path = path[(slash + 1)..];
        }

        if (!isCatchAll && path.IndexOf('/') is var end and >= 0)
        {
            path = path[..end];
        }

        return path.IsEmpty ? ConditionValue.Absent : ConditionValue.Of(path.ToString());
    }
}
