using System.Security.Cryptography;

namespace Latchkey.Approvals;

/// <summary>
/// Buffers a request body of at most <see cref="ApprovalOptions.MaxBodyBytes"/> in memory so it
/// can be fingerprinted and still be forwarded. Only requests held for approval pay for this;
/// every other request streams.
/// </summary>
internal static class RequestBodyHasher
{
    /// <summary>The body's SHA-256, length and first bytes (for the preview), or null when it is over the limit.</summary>
    public static async Task<(byte[] Sha256, long Length, byte[] Head)?> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > ApprovalOptions.MaxBodyBytes)
        {
            return null;
        }

        // Memory only (threshold = limit): a held body never touches a temp file.
        request.EnableBuffering(ApprovalOptions.MaxBodyBytes + 1, ApprovalOptions.MaxBodyBytes + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        using var head = new MemoryStream();
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > ApprovalOptions.MaxBodyBytes)
                {
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                if (head.Length < BodyPreview.MaxBytes)
                {
                    head.Write(buffer, 0, (int)Math.Min(read, BodyPreview.MaxBytes - head.Length));
                }
            }
        }
        catch (IOException) when (total >= ApprovalOptions.MaxBodyBytes)
        {
            return null;
        }

        request.Body.Position = 0;
        return (hash.GetHashAndReset(), total, head.ToArray());
    }
}
