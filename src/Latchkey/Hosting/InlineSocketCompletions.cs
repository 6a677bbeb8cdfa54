using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Latchkey.Hosting;

/// <summary>
/// Lets one socket's I/O completions run on .NET's socket event thread instead of a thread-pool
/// work item each — the per-socket form of <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>.
/// </summary>
/// <remarks>
/// The process-wide variable cannot be used: it also inlines StackExchange.Redis's sockets, whose
/// connect path then cannot complete (every Redis test failed with it). The runtime keeps the
/// per-socket switch internal, so it is reached with an <see cref="UnsafeAccessorAttribute"/>; on a
/// runtime without it the socket simply keeps the default and <see cref="TryEnable"/> says so.
/// </remarks>
internal static class InlineSocketCompletions
{
    private static volatile bool _unavailable;

    /// <summary>Asks for inline completions on a socket before its first asynchronous operation.</summary>
    public static bool TryEnable(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (_unavailable)
        {
            return false;
        }

        try
        {
            SetPreferInlineCompletions(socket.SafeHandle, true);
            return true;
        }
        catch (MissingMethodException)
        {
            _unavailable = true;
            return false;
        }
    }

    /// <summary>Whether the socket's completions run inline (false where the runtime has no such switch).</summary>
    public static bool IsEnabled(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            return GetPreferInlineCompletions(socket.SafeHandle);
        }
        catch (MissingMethodException)
        {
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_PreferInlineCompletions")]
    private static extern bool GetPreferInlineCompletions(SafeSocketHandle handle);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
    private static extern void SetPreferInlineCompletions(SafeSocketHandle handle, bool value);
}
