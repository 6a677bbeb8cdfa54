using Microsoft.Extensions.Options;

namespace Latchkey.Audit;

/// <summary>Checks <see cref="AuditOptions"/> at start and names every bad key.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    // Below this a segment holds only a handful of events and rolling dominates the cost of a write.
    internal const long MinSegmentBytes = 4096;

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BufferPath))
        {
            errors.Add($"{AuditOptions.SectionName}:BufferPath must name a folder for the durable audit buffer (default 'data/audit').");
        }
        else if (options.BufferPath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{AuditOptions.SectionName}:BufferPath contains characters that are not valid in a path.");
        }

        if (options.SegmentBytes < MinSegmentBytes)
        {
            errors.Add($"{AuditOptions.SectionName}:SegmentBytes must be at least {MinSegmentBytes} (default 16777216).");
        }

        if (options.RetainBytesWithoutSeq < options.SegmentBytes)
        {
            errors.Add($"{AuditOptions.SectionName}:RetainBytesWithoutSeq must be at least SegmentBytes (default 268435456).");
        }

        if (options.MaxBufferBytes < options.RetainBytesWithoutSeq + options.SegmentBytes)
        {
            errors.Add($"{AuditOptions.SectionName}:MaxBufferBytes must be at least RetainBytesWithoutSeq + SegmentBytes "
                + "(the most the buffer holds without Seq), so that the cap only ever stops an unshipped backlog (default 2147483648).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
