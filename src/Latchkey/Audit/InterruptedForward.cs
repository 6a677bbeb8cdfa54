namespace Latchkey.Audit;

/// <summary>A write-ahead line no completion follows, and where it starts in the buffer.</summary>
internal readonly record struct InterruptedForward(SegmentName Segment, long Offset, ReadOnlyMemory<byte> Line);
