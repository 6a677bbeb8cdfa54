using System.Globalization;
using System.Text;

namespace Latchkey.Approvals;

/// <summary>
/// What an approver sees of a query string or an <c>application/x-www-form-urlencoded</c> body:
/// every pair exactly as sent, except that the value of a secret-named parameter is shown as
/// <c>***</c>, and a name or value holding a credential-shaped string once percent-decoded is
/// shown with only that string as <c>***</c> (the rest re-encoded, see <see cref="Encode"/>).
/// </summary>
internal static class QueryPreview
{
    // Kept as they are when a name or value is re-encoded: none of them is a delimiter here.
    private const string Plain = "-._~:/?@!$'(),;";

    /// <summary>Masks a raw query ("" or starting with <c>?</c>) or form body.</summary>
    public static string Mask(string raw)
    {
        if (raw.Length == 0)
        {
            return raw;
        }

        var prefix = raw[0] == '?' ? "?" : string.Empty;
        var shown = new StringBuilder(raw.Length);
        shown.Append(prefix);
        var first = true;
        foreach (var pair in raw[prefix.Length..].Split('&'))
        {
            if (!first)
            {
                shown.Append('&');
            }

            first = false;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var decodedName = Decode(name);
            shown.Append(MaskCredentials(name, decodedName));
            if (equals < 0)
            {
                continue;
            }

            var value = pair[(equals + 1)..];
            shown.Append('=').Append(value.Length > 0 && SecretNames.IsSecret(decodedName) ? CredentialShapes.Mask : MaskCredentials(value, Decode(value)));
        }

        return shown.ToString();
    }

    // The raw text when it holds no credential; otherwise the decoded text with each credential
    // masked and the rest re-encoded: the masks are the only literal '*', and '&', '=' stay delimiters.
    private static string MaskCredentials(string raw, string decoded) =>
        CredentialShapes.Contains(decoded) ? CredentialShapes.MaskAll(decoded, Encode) : raw;

    /// <summary>Percent-encodes all but letters, digits and <see cref="Plain"/>; a space becomes <c>+</c>, as <see cref="Decode"/> reads it.</summary>
    private static string Encode(string text)
    {
        var encoded = new StringBuilder(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                encoded.Append('+');
            }
            else if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || Plain.Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                encoded.Append((char)rune.Value);
            }
            else
            {
                foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
                {
                    encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
                }
            }
        }

        return encoded.ToString();
    }

    // '+' is a space in forms; decoding it keeps "Bearer+ghp_..." recognisable either way.
    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
