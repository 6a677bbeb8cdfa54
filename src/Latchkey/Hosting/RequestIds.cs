using System.Security.Cryptography;

namespace Latchkey.Hosting;

/// <summary>
/// Request ids: 32 lower-case hex digits, a random 64-bit prefix drawn once per process and a
/// 64-bit counter. Unique across instances and restarts (the prefix), and cheap enough for
/// every request: no random-number system call and no GUID formatting on the hot path.
/// </summary>
internal static class RequestIds
{
    public const int Length = 32;

    private static readonly ulong ProcessPrefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private static long _counter;

    public static string Next() => Format(ProcessPrefix, (ulong)Interlocked.Increment(ref _counter));

    internal static string Format(ulong prefix, ulong sequence) =>
        string.Create(Length, (prefix, sequence), static (span, state) =>
        {
            state.prefix.TryFormat(span, out _, "x16", provider: null);
            state.sequence.TryFormat(span[16..], out _, "x16", provider: null);
        });
}
