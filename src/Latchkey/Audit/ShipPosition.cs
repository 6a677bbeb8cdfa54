namespace Latchkey.Audit;

/// <summary>Where shipping resumes: a segment and the byte offset of its next unshipped line.</summary>
internal sealed record ShipPosition(SegmentName Segment, long Offset);
