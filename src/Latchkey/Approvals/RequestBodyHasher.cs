using System.Security.Cryptography;

namespace Latchkey.Approvals;

/// <summary>
/// Buffers a request body of at most <see cref="ApprovalOptions.MaxBodyBytes"/> in memory so it
/// can be fingerprinted, previewed and still be forwarded. Only requests held for approval pay
/// for this; every other request streams.
/// </summary>
internal static class RequestBodyHasher
{
    /// <summary>The body's SHA-256 and bytes, or null when it is over the limit.</summary>
    public static async Task<HeldBody?> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > ApprovalOptions.MaxBodyBytes)
        {
            return null;
        }

        // Memory only (threshold = limit): a held body never touches a temp file.
        request.EnableBuffering(ApprovalOptions.MaxBodyBytes + 1, ApprovalOptions.MaxBodyBytes + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        using var content = new MemoryStream();
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (content.Length + read > ApprovalOptions.MaxBodyBytes)
                {
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                content.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (content.Length + buffer.Length >= ApprovalOptions.MaxBodyBytes)
        {
            return null;
        }

        request.Body.Position = 0;
        return new HeldBody(hash.GetHashAndReset(), content.GetBuffer().AsMemory(0, (int)content.Length));
    }
}
