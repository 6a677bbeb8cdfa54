using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Credentials;

/// <summary>Random values of the authorization-code flow: state, flow id and the PKCE pair (RFC 7636 §4).</summary>
internal static class PkceValues
{
    /// <summary>256 random bits, base64url: unguessable, URL-safe.</summary>
    public static string NewRandom() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string ChallengeOf(string verifier) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The stored form of a state value; lookups by hash need no constant-time compare.</summary>
    public static string HashOf(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
}
