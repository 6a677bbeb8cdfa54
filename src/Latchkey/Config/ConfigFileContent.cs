using Latchkey.Yaml;

namespace Latchkey.Config;

/// <summary>One config file as read from disk: its bytes and stamp, or why it could not be read.</summary>
internal sealed class ConfigFileContent
{
    private const int MaxFileBytes = ConfigLoader.MaxFileBytes;

    private ConfigFileContent(string fileName, byte[]? bytes, FileStamp stamp, bool changedWhileRead, ConfigError? readError)
    {
        FileName = fileName;
        Bytes = bytes;
        Stamp = stamp;
        ChangedWhileRead = changedWhileRead;
        ReadError = readError;
    }

    public string FileName { get; }

    /// <summary>The content; null when the file could not be read (see <see cref="ReadError"/>).</summary>
    public byte[]? Bytes { get; }

    /// <summary>Length and last write time after reading; default when the file could not be opened.</summary>
    public FileStamp Stamp { get; }

    /// <summary>The file's stamp moved while it was being read: the bytes may mix two versions.</summary>
    public bool ChangedWhileRead { get; }

    public ConfigError? ReadError { get; }

    public static ConfigFileContent Read(string configDir, string fileName)
    {
        var path = Path.Combine(configDir, fileName);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var before = FileStamp.Of(stream.SafeFileHandle);
            if (before.Length > MaxFileBytes)
            {
                return Failed(fileName, $"file is larger than {MaxFileBytes} bytes", before);
            }

            var (buffer, total) = ReadUpToLimit(stream, before.Length);
            var after = FileStamp.Of(stream.SafeFileHandle);
            return total > MaxFileBytes
                ? Failed(fileName, $"file is larger than {MaxFileBytes} bytes", after)
                : new ConfigFileContent(fileName, total == buffer.Length ? buffer : buffer[..total], after, before != after || total != after.Length, null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(fileName, $"file not found in the config folder ({configDir})", default);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(fileName, "file cannot be read: " + ex.GetType().Name, default);
        }
    }

    /// <summary>
    /// Reads the whole stream, and at most one byte past the limit (it may grow while read). The
    /// buffer is the length the stamp gave; only a file that grew meanwhile gets a limit-sized
    /// one. The watcher reads every file four times a second, and a limit-sized buffer each time
    /// (1 MiB, a large-object allocation) cost two full garbage collections a second under load.
    /// </summary>
    private static (byte[] Buffer, int Total) ReadUpToLimit(FileStream stream, long statLength)
    {
        var buffer = new byte[(int)Math.Min(statLength, MaxFileBytes)];
        var total = ReadInto(stream, buffer, 0);
        Span<byte> probe = stackalloc byte[1];
        if (total < buffer.Length || stream.Read(probe) == 0)
        {
            return (buffer, total);
        }

        var grown = new byte[MaxFileBytes + 1];
        buffer.CopyTo(grown, 0);
        grown[total] = probe[0];
        return (grown, ReadInto(stream, grown, total + 1));
    }

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="start"/> until it is full or the stream ends; returns the filled length.</summary>
    private static int ReadInto(FileStream stream, byte[] buffer, int start)
    {
        var total = start;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Like <see cref="Read"/>, for a file that may be absent: an absent file reads as empty.</summary>
    public static ConfigFileContent ReadOptional(string configDir, string fileName) =>
        File.Exists(Path.Combine(configDir, fileName)) ? Read(configDir, fileName) : FromBytes(fileName, []);

    /// <summary>Content given directly, as if read from a file that did not change.</summary>
    public static ConfigFileContent FromBytes(string fileName, byte[] bytes) =>
        new(fileName, bytes, new FileStamp(bytes.Length, default), false, null);

    private static ConfigFileContent Failed(string fileName, string message, FileStamp stamp) =>
        new(fileName, null, stamp, false, new ConfigError(fileName, 0, string.Empty, message));
}
