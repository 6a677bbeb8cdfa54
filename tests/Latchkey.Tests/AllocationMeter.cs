namespace Latchkey.Tests;

/// <summary>Measures what a call allocates on the current thread, after a warm-up.</summary>
internal static class AllocationMeter
{
    /// <summary>Bytes allocated by <paramref name="iterations"/> calls, after 100 unmeasured ones
    /// (so first-call work such as static initialisation is not counted).</summary>
    public static long AllocatedBy<T>(Func<T> action, int iterations)
    {
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
