using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Approvals;

/// <summary>
/// What makes two requests "the same request" for an approval (CONTRACT §5): provider, rule id,
/// method, canonical path, raw query, every <c>Content-Type</c> (boundary included) and
/// <c>Content-Encoding</c> value, and the SHA-256 of the body, each length-prefixed so no two
/// different requests can produce the same input.
/// </summary>
internal static class ApprovalFingerprint
{
    // Bumped whenever the inputs change, so an old fingerprint can never match a new request.
    private const string Version = "latchkey.approval.v2";
    private const string ToolMarker = "mcp.tool";

    public static string Compute(ApprovalSubject subject, ReadOnlySpan<byte> bodySha256)
    {
        ArgumentNullException.ThrowIfNull(subject);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Version);
        Append(hash, subject.Provider);
        Append(hash, subject.RuleId);
        Append(hash, subject.Method);
        Append(hash, subject.Path);
        Append(hash, subject.Query);
        Append(hash, subject.ContentType);
        Append(hash, subject.ContentEncoding);
        hash.AppendData(bodySha256);
        if (subject.ToolCall is { } toolCall)
        {
            // Only tool calls carry these, so a REST request's fingerprint is unchanged and no REST
            // request can match a tool call's approval (or the reverse).
            Append(hash, ToolMarker);
            Append(hash, toolCall.Tool);
            Append(hash, toolCall.ArgumentsHash);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static bool Matches(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    // A header sent twice differs from one value holding a comma: count, then each value.
    private static void Append(IncrementalHash hash, StringValues values)
    {
        AppendLength(hash, values.Count);
        foreach (var value in values)
        {
            Append(hash, value ?? string.Empty);
        }
    }

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AppendLength(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, length);
        hash.AppendData(prefix);
    }
}
