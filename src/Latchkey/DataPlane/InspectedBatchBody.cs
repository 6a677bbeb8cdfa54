namespace Latchkey.DataPlane;

/// <summary>
/// The exact bytes of a POST to a batch path, read by <see cref="RuleBodyInspectionStep"/> for the
/// rules to split and judge; the same bytes are the request body forwarded.
/// </summary>
internal sealed record InspectedBatchBody(ReadOnlyMemory<byte> Bytes);
