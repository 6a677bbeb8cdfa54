namespace Latchkey.Approvals;

/// <summary>
/// Whether a JSON key, form field or query parameter name sounds like it holds a secret
/// (<c>token</c>, <c>api_key</c>, <c>clientSecret</c>, <c>sig</c>, <c>code</c>, ...). Long
/// words match anywhere in the name; short ones only as a whole word, so <c>monkey</c> and
/// <c>signal</c> stay visible.
/// </summary>
internal static class SecretNames
{
    private static readonly string[] Fragments =
    [
        "token", "secret", "password", "passwd", "passphrase", "apikey", "accesskey", "privatekey",
        "credential", "authorization", "signature", "cookie",
    ];

    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "sig", "code", "auth", "pwd", "pass", "otp", "jwt", "bearer",
    };

    public static bool IsSecret(string name)
    {
        var letters = new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        return Fragments.Any(f => letters.Contains(f, StringComparison.Ordinal)) || SplitWords(name).Any(Words.Contains);
    }

    /// <summary>Words of a name in any convention: <c>snake_case</c>, <c>kebab-case</c>, <c>camelCase</c>, <c>APIKey</c>.</summary>
    private static IEnumerable<string> SplitWords(string name)
    {
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var boundary = i == name.Length
                || !char.IsLetterOrDigit(name[i])
                || (i > start && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))));
            if (!boundary)
            {
                continue;
            }

            if (i > start)
            {
                yield return name[start..i];
            }

            start = i < name.Length && !char.IsLetterOrDigit(name[i]) ? i + 1 : i;
        }
    }
}
