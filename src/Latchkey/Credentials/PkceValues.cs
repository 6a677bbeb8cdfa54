using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Credentials;

/// <summary>Random values of the authorization-code flow: link, state, browser binding, flow id and the PKCE pair (RFC 7636 §4).</summary>
internal static class PkceValues
{
    /// <summary>256 random bits, base64url: unguessable, URL-safe.</summary>
    public static string NewRandom() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string ChallengeOf(string verifier) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The stored form of a state value; lookups by hash need no constant-time compare.</summary>
    public static string HashOf(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    /// <summary>True when <paramref name="value"/> is given and hashes to <paramref name="expectedHash"/> (compared in constant time).</summary>
    public static bool MatchesHash(string? value, string? expectedHash) =>
        !string.IsNullOrEmpty(value) && expectedHash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(value)), Encoding.ASCII.GetBytes(expectedHash));
}
