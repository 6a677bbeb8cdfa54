namespace Latchkey.Rules;

/// <summary>The methods a rule can name. Anything else can never be forwarded.</summary>
public static class RuleMethods
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    };
}
