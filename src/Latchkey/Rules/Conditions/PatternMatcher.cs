using System.Text.RegularExpressions;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// <c>matches: regex</c>: the WHOLE text matches (the pattern is anchored for the author, so
/// <c>C0123</c> does not match <c>xC0123y</c>). Compiled once at load with the non-backtracking
/// engine, whose time is linear in the input; the timeout is a second bound, and a timeout is an
/// unreadable value (the request is refused), never a failed condition.
/// </summary>
internal sealed class PatternMatcher : ValueMatcher
{
    public const int MaxPatternLength = 512;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private readonly string _pattern;
    private readonly Regex _regex;

    private PatternMatcher(string pattern, Regex regex)
    {
        _pattern = pattern;
        _regex = regex;
    }

    public static PatternMatcher? TryCreate(string pattern, bool ignoreCase, out string? error)
    {
        if (pattern.Length > MaxPatternLength)
        {
            error = $"the pattern is longer than {MaxPatternLength} characters";
            return null;
        }

        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            error = null;
            return new PatternMatcher(pattern, new Regex($"^(?:{pattern})\\z", options, Timeout));
        }
        catch (ArgumentException ex)
        {
            error = "is not a valid regular expression: " + ex.Message;
        }
        catch (NotSupportedException ex)
        {
            // Backreferences, lookarounds and atomic groups: constructs that need backtracking.
            error = "uses a construct the non-backtracking engine refuses: " + ex.Message;
        }

        return null;
    }

    public override ConditionOutcome Match(in ConditionValue value)
    {
        if (!value.TryGetString(out var text))
        {
            return ConditionOutcome.Fails;
        }

        try
        {
            return Of(_regex.IsMatch(text));
        }
        catch (RegexMatchTimeoutException)
        {
            return ConditionOutcome.Unreadable;
        }
    }

    public override string Describe() => "matches " + _pattern;
}
