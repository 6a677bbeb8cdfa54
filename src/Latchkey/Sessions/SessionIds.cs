using System.Buffers.Text;
using System.Security.Cryptography;

namespace Latchkey.Sessions;

/// <summary>Creates public session ids, random and unrelated to the token so an id reveals nothing.</summary>
internal static class SessionIds
{
    public const string Prefix = "ses_";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }
}
