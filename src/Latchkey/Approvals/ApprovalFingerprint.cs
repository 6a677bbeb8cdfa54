using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Approvals;

/// <summary>
/// What makes two requests "the same request" for an approval (CONTRACT §5): method,
/// canonical path, raw query and the SHA-256 of the body, each length-prefixed so no two
/// different requests can produce the same input.
/// </summary>
internal static class ApprovalFingerprint
{
    public static string Compute(string method, string path, string query, ReadOnlySpan<byte> bodySha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, method);
        Append(hash, path);
        Append(hash, query);
        hash.AppendData(bodySha256);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static bool Matches(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
