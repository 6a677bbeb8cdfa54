using Latchkey.Providers;
using Latchkey.Rules.Conditions;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Rules.Batch;

/// <summary>Splits a batch body by its endpoint's format; the JSON formats are first read as strictly as any body a condition judges.</summary>
public static class BatchSplitter
{
    public static BatchSplit Split(BatchFormat format, string batchPath, ReadOnlyMemory<byte> body, string? contentType, StringValues contentEncoding)
    {
        ArgumentNullException.ThrowIfNull(batchPath);
        if (format == BatchFormat.GoogleMultipart)
        {
            return HasEncoding(contentEncoding)
                ? BatchSplit.Refused("a batch with a Content-Encoding cannot be inspected; send it uncompressed")
                : GoogleMultipartBatchSplitter.Split(body, contentType);
        }

        if (format == BatchFormat.Unsplittable)
        {
            return BatchSplit.Refused("Latchkey cannot split this provider's batch format");
        }

        var json = StrictJsonBody.Read(body, contentType, contentEncoding);
        if (!json.IsReadable)
        {
            json.Dispose();
            return BatchSplit.Refused(json.Problem!);
        }

        var split = format switch
        {
            BatchFormat.MicrosoftGraph => MicrosoftGraphBatchSplitter.Split(json.Root, batchPath),
            BatchFormat.SalesforceComposite => SalesforceCompositeSplitter.SplitComposite(json.Root),
            _ => SalesforceCompositeSplitter.SplitBatch(json.Root),
        };
        return split.OwnedBy(json);
    }

    private static bool HasEncoding(StringValues contentEncoding) =>
        contentEncoding.Any(e => !string.IsNullOrWhiteSpace(e) && !e.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase));
}
