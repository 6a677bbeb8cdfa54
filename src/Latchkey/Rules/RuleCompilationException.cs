namespace Latchkey.Rules;

/// <summary>A rule's path template cannot be compiled; names the rule.</summary>
public sealed class RuleCompilationException : Exception
{
    public RuleCompilationException()
    {
    }

    public RuleCompilationException(string message)
        : base(message)
    {
    }

    public RuleCompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
