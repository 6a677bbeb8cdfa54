using System.Buffers;
using Latchkey.Sessions;

namespace Latchkey.DataPlane;

/// <summary>
/// Streams a buffered form body looking for anything shaped like a session token, percent-decoded
/// for urlencoded bodies (as the upstream will read them) and as raw bytes for multipart ones: a
/// session token in a form field would be forwarded, so such a body is refused.
/// </summary>
internal static class FormSessionTokenCheck
{
    public static async Task<FormVerdict> CheckAsync(Stream body, bool urlEncoded, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var scanner = new SessionTokenShapeScanner(percentDecode: urlEncoded);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (Scan(ref scanner, buffer.AsSpan(0, read)))
                {
                    return FormVerdict.SessionToken;
                }
            }

            return FormVerdict.Clean;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Scan(ref SessionTokenShapeScanner scanner, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            // Bytes above 0x7F are never token characters, whatever the charset.
            scanner.Feed((char)b);
            if (scanner.Found)
            {
                return true;
            }
        }

        return false;
    }
}
