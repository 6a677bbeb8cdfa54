using System.Text.RegularExpressions;

namespace Latchkey.Sessions;

/// <summary>Shape checks for the values a session is created from.</summary>
internal static partial class SessionInputValidator
{
    public const int MaxScopes = 64;
    public const int MaxUserIdLength = 256;

    public static bool IsValidAgentId(string? value) => value is not null && AgentIdPattern().IsMatch(value);

    public static bool IsValidScope(string? value) => value is not null && ScopePattern().IsMatch(value);

    /// <summary>User ids and tenants come from identity providers: any printable text, bounded.</summary>
    public static bool IsValidPrincipalName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxUserIdLength || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            // Control characters (CR/LF included) would let a name forge log lines or headers.
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AgentIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,128}\\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ScopePattern();
}
