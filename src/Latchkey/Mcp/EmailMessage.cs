using System.Text;

namespace Latchkey.Mcp;

/// <summary>
/// An RFC 5322 plain-text message, base64url-encoded as Gmail's <c>messages.send</c> wants its
/// <c>raw</c> field. Header values are refused when they hold CR or LF, so an argument can never
/// add a header (Bcc, another To) the tool's author did not write.
/// </summary>
internal static class EmailMessage
{
    /// <summary>The encoded message, or the part whose value could inject a header.</summary>
    public static string? TryEncode(IReadOnlyDictionary<string, string> parts, out string? badPart)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var message = new StringBuilder();
        foreach (var (part, header) in new[] { ("to", "To"), ("cc", "Cc"), ("subject", "Subject") })
        {
            if (!parts.TryGetValue(part, out var value))
            {
                continue;
            }

            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                badPart = part;
                return null;
            }

            message.Append(header).Append(": ").Append(part == "subject" ? EncodedWord(value) : value).Append("\r\n");
        }

        message.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        message.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(parts.GetValueOrDefault("text") ?? string.Empty)));
        badPart = null;
        return Base64Url(Encoding.UTF8.GetBytes(message.ToString()));
    }

    // RFC 2047: a non-ASCII subject travels as one UTF-8 encoded word.
    private static string EncodedWord(string value) =>
        value.All(char.IsAscii) ? value : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
