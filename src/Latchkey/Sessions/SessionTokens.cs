using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Sessions;

/// <summary>Creates, checks and hashes opaque agent session tokens (<c>lk_</c> + 256 random bits).</summary>
internal static class SessionTokens
{
    public const string Prefix = "lk_";

    /// <summary>32 random bytes in unpadded base64url.</summary>
    public const int MinimumBodyLength = 43;

    // Far above anything Generate produces; bounds the work done on hostile input.
    public const int MaximumLength = 256;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    public static bool IsWellFormed(ReadOnlySpan<char> token)
    {
        if (token.Length < Prefix.Length + MinimumBodyLength
            || token.Length > MaximumLength
            || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in token[Prefix.Length..])
        {
            if (!IsBase64UrlChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The stored and looked-up form: SHA-256 of the UTF-8 token, unpadded base64url.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);

        // Runs for every proxied request: the UTF-8 form of a (length-bounded) token goes on
        // the stack; anything longer than a real token is hashed from a heap copy.
        var utf8Length = Encoding.UTF8.GetMaxByteCount(token.Length);
        Span<byte> utf8 = utf8Length <= 1024 ? stackalloc byte[utf8Length] : new byte[utf8Length];
        var written = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..written], hash);
        return Base64Url.EncodeToString(hash);
    }

    internal static bool IsBase64UrlChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_';
}
