namespace Latchkey.Tests;

/// <summary>
/// Tests that measure retained heap with <see cref="GC.GetTotalMemory(bool)"/> run alone: the
/// figure is process-wide, so objects other tests hold at the same moment would be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class HeapMeasurementGroup
{
    public const string Name = "heap measurement";
}
