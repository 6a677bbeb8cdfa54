using System.Text;

namespace Latchkey.Sessions;

/// <summary>
/// Extracts a session token from one <c>Authorization</c> value: <c>Bearer t</c>, <c>token t</c>
/// (GitHub SDKs) or <c>Basic base64(user:t)</c> (SDKs that only speak Basic; the user part is ignored).
/// </summary>
internal static class SessionCredentialParser
{
    // A Basic value holding a maximal token plus a generous user part; longer input is refused unread.
    private const int MaxHeaderLength = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The token, or null when the value is not one of the accepted forms.</summary>
    public static string? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxHeaderLength)
        {
            return null;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = value.AsSpan(0, space);
        var credential = value.AsSpan(space + 1).Trim(' ');
        if (credential.IsEmpty || credential.Contains(' '))
        {
            return null;
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("token", StringComparison.OrdinalIgnoreCase))
        {
            return credential.ToString();
        }

        return scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) ? ParseBasic(credential) : null;
    }

    private static string? ParseBasic(ReadOnlySpan<char> credential)
    {
        Span<byte> buffer = stackalloc byte[MaxHeaderLength];
        if (!Convert.TryFromBase64Chars(credential, buffer, out var written))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(buffer[..written]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon == decoded.Length - 1 ? null : decoded[(colon + 1)..];
    }
}
