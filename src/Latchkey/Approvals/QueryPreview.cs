using System.Text;

namespace Latchkey.Approvals;

/// <summary>
/// What an approver sees of a query string or an <c>application/x-www-form-urlencoded</c> body:
/// every pair exactly as sent, except that the value of a secret-named parameter, or any value
/// (or name) holding a credential-shaped string once percent-decoded, is shown as <c>***</c>.
/// </summary>
internal static class QueryPreview
{
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
            shown.Append(CredentialShapes.Contains(decodedName) ? CredentialShapes.Mask : name);
            if (equals < 0)
            {
                continue;
            }

            var value = pair[(equals + 1)..];
            var hidden = value.Length > 0 && (SecretNames.IsSecret(decodedName) || CredentialShapes.Contains(Decode(value)));
            shown.Append('=').Append(hidden ? CredentialShapes.Mask : value);
        }

        return shown.ToString();
    }

    // '+' is a space in forms; decoding it keeps "Bearer+ghp_..." recognisable either way.
    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
