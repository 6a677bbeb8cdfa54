using Microsoft.Win32.SafeHandles;

namespace Latchkey.Config;

/// <summary>Length and last write time of an open file; any write, truncation or replacement changes it.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    public static FileStamp Of(SafeFileHandle handle) => new(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
}
