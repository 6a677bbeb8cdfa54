using System.Text;
using System.Text.RegularExpressions;

namespace Latchkey.Approvals;

/// <summary>
/// Strings shaped like known credentials (GitHub, Slack, OpenAI, Stripe, AWS, Google, JWTs,
/// Latchkey session tokens, private keys, a long value after an HTTP auth scheme): what an
/// approver must never be shown, wherever it appears. Everything else stays readable.
/// </summary>
internal static partial class CredentialShapes
{
    public const string Mask = "***";

    // NonBacktracking: the input is hostile and up to 1 MiB, so matching must stay linear.
    [GeneratedRegex(
        """
        (?<scheme>\b(?:[Bb]earer|[Bb]asic|[Tt]oken))\s+[A-Za-z0-9._~+/=-]{16,}
        | gh[pousr]_[A-Za-z0-9]{20,}
        | github_pat_[A-Za-z0-9_]{20,}
        | glpat-[A-Za-z0-9_-]{20,}
        | \bxox[abposr]-[A-Za-z0-9-]{10,}
        | \bxapp-[A-Za-z0-9-]{10,}
        | \bsk-[A-Za-z0-9_-]{16,}
        | \b[spr]k_(?:live|test)_[A-Za-z0-9]{10,}
        | (?:AKIA|ASIA)[A-Z0-9]{16}
        | AIza[A-Za-z0-9_-]{30,}
        | ya29\.[A-Za-z0-9._-]{10,}
        | \bnpm_[A-Za-z0-9]{30,}
        | lk_[A-Za-z0-9_-]{16,}
        | eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*
        | -----BEGIN[A-Z ]*PRIVATE\ KEY-----[A-Za-z0-9+/=\s]*(?:-----END[A-Z ]*PRIVATE\ KEY-----)?
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Credential();

    public static bool Contains(string text) => Credential().IsMatch(text);

    /// <summary>Replaces every credential-shaped run with <c>***</c>; an auth scheme word stays ("Bearer ***").</summary>
    public static string MaskAll(string text) => MaskAll(text, static rest => rest);

    /// <summary>
    /// As <see cref="MaskAll(string)"/>, with the text around the masks written through
    /// <paramref name="shownAs"/> (re-encoded for a query, say), so a literal <c>***</c> in it cannot pass for a mask.
    /// </summary>
    public static string MaskAll(string text, Func<string, string> shownAs)
    {
        ArgumentNullException.ThrowIfNull(shownAs);
        var shown = new StringBuilder(text.Length);
        var position = 0;
        foreach (Match match in Credential().Matches(text))
        {
            var scheme = match.Groups["scheme"];
            shown.Append(shownAs(text[position..match.Index] + (scheme.Success ? scheme.Value + " " : string.Empty))).Append(Mask);
            position = match.Index + match.Length;
        }

        return shown.Append(shownAs(text[position..])).ToString();
    }
}
